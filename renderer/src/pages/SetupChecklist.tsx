import { CheckCircleFilled, ExclamationCircleOutlined } from '@ant-design/icons';
import { Button, Card, List, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useNavigate } from '../navigation';
import { useCall } from '../useCall';

/**
 * The administrator's checklist on 首页 until everything is set: each open item says where it is
 * set and opens that page; done items are ticked on one line, so the list stays short on a
 * 768-pixel screen. `version` changes when 首页 itself sets something.
 */
export function SetupChecklist({ version }: { version: number }) {
  const go = useNavigate();
  const items = useCall('system.setupChecklist', {});
  const { reload } = items;
  useEffect(() => {
    if (version > 0) void reload();
  }, [version, reload]);
  const list = items.value;
  if (!list || list.every((i) => i.done)) return null;
  const open = list.filter((i) => !i.done);
  const done = list.filter((i) => i.done);
  return (
    <Card size="small" title="开始使用前的设置" extra={<Typography.Text type="warning">还有 {open.length} 项未完成</Typography.Text>} aria-label="开始使用前的设置">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        以下各项未设置时，录入员提交申报、公示或报送数据会被拒绝。全部完成后此清单不再显示。
      </Typography.Paragraph>
      <List
        size="small"
        dataSource={open}
        renderItem={(item) => (
          <List.Item
            aria-label={`${item.label}：未完成`}
            style={{ padding: '4px 0' }}
            actions={[
              <Button key="go" size="small" type="link" onClick={() => go(item.page)}>
                去设置
              </Button>,
            ]}
          >
            <span>
              <ExclamationCircleOutlined style={{ color: '#faad14' }} /> {item.label}
              <Typography.Text type="secondary">：{item.hint}</Typography.Text>
            </span>
          </List.Item>
        )}
      />
      {done.length > 0 && (
        <Space wrap size={[4, 4]} style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">已完成：</Typography.Text>
          {done.map((item) => (
            <Tag key={item.key} color="success" icon={<CheckCircleFilled />} aria-label={`${item.label}：已完成`}>
              {item.label}
            </Tag>
          ))}
        </Space>
      )}
    </Card>
  );
}
