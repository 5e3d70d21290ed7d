import { CheckCircleFilled, ExclamationCircleOutlined } from '@ant-design/icons';
import { Button, Card, List, Typography } from 'antd';
import { useEffect } from 'react';
import { useNavigate } from '../navigation';
import { useCall } from '../useCall';

/**
 * The administrator's checklist on 首页 until everything is set: each item says where it is set and
 * opens that page; a done item is ticked. `version` changes when 首页 itself sets something.
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
  const left = list.filter((i) => !i.done).length;
  return (
    <Card size="small" title="开始使用前的设置" extra={<Typography.Text type="warning">还有 {left} 项未完成</Typography.Text>} aria-label="开始使用前的设置">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        以下各项未设置时，录入员提交申报、公示或报送数据会被拒绝。全部完成后此清单不再显示。
      </Typography.Paragraph>
      <List
        size="small"
        dataSource={list}
        renderItem={(item) => (
          <List.Item
            aria-label={`${item.label}：${item.done ? '已完成' : '未完成'}`}
            actions={
              item.done
                ? []
                : [
                    <Button key="go" size="small" type="link" onClick={() => go(item.page)}>
                      去设置
                    </Button>,
                  ]
            }
          >
            <span>
              {item.done ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <ExclamationCircleOutlined style={{ color: '#faad14' }} />} {item.label}
              {item.done ? <Typography.Text type="secondary">（已完成）</Typography.Text> : <Typography.Text type="secondary">：{item.hint}</Typography.Text>}
            </span>
          </List.Item>
        )}
      />
    </Card>
  );
}
