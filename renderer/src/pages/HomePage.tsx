import { Card, Col, Descriptions, Row, Statistic, Tag } from 'antd';
import { formatChineseDate } from '../../../shared/dates';
import { TASK_STATUSES } from '../../../shared/domain/tasks';
import { InstallCard } from '../InstallCard';
import { PageTitle } from '../PageTitle';
import { useCall } from '../useCall';
import { STATUS_COLORS } from '../statusColors';

export function HomePage() {
  const info = useCall('app.info', {});
  const tasks = useCall('tasks.list', {});
  const policy = info.value?.policy;
  return (
    <div className="page">
      <PageTitle>首页</PageTitle>
      <InstallCard />
      <Card title="执行的政策文件" size="small">
        {policy ? (
          <Descriptions column={2} size="small">
            <Descriptions.Item label="文件">
              《{policy.title}》（{policy.docNo}）
            </Descriptions.Item>
            <Descriptions.Item label="发文单位">{policy.issuer}</Descriptions.Item>
            <Descriptions.Item label="印发日期">{formatChineseDate(policy.issuedOn)}</Descriptions.Item>
            <Descriptions.Item label="政策包版本">{policy.version}</Descriptions.Item>
            <Descriptions.Item label="内容摘要（SHA-256）" span={2}>
              <code>{policy.digest}</code>
            </Descriptions.Item>
          </Descriptions>
        ) : (
          '尚未载入政策包'
        )}
      </Card>
      <Row gutter={12}>
        <Col span={6}>
          <Card size="small">
            <Statistic title="任务数" value={info.value?.tasks ?? 0} suffix="项" />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="县区数" value={info.value?.counties ?? 0} suffix="个" />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="账本记录" value={info.value?.journalEntries ?? 0} suffix="条" />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="数据库结构版本" value={info.value?.schemaVersion ?? 0} />
          </Card>
        </Col>
      </Row>
      <Card title="任务完成状态" size="small">
        {TASK_STATUSES.map((s) => (
          <Tag key={s} color={STATUS_COLORS[s]} style={{ fontSize: 14, padding: '4px 10px' }}>
            {s}：{tasks.value?.filter((t) => t.status === s).length ?? 0} 项
          </Tag>
        ))}
      </Card>
    </div>
  );
}
