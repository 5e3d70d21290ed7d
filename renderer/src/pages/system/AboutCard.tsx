import { Button, Card, Descriptions, Space, Typography } from 'antd';
import type { About } from '../../../../shared/contract-system';
import { useBridge } from '../../useBridge';

/** 关于: versions, the policy pack and its digest, where the data, evidence, logs and backups are. */
export function AboutCard({ about }: { about: About }) {
  const bridge = useBridge();
  const folder = (which: 'database' | 'evidence' | 'logs' | 'backups', path: string | null) => (
    <Space>
      <Typography.Text copyable>{path ?? '（不写日志）'}</Typography.Text>
      {bridge.desktop && path && (
        <Button size="small" onClick={() => void bridge.shell('desktop.openFolder', { which })}>
          打开所在文件夹
        </Button>
      )}
    </Space>
  );
  return (
    <Card size="small" title="关于">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="版本">
          县域电商台账 {about.appVersion}
          {about.electron ? `（Electron ${about.electron}）` : '（网页版）'}，Node.js {about.node}，SQLite {about.sqlite}，数据库结构版本 {about.schemaVersion}
        </Descriptions.Item>
        <Descriptions.Item label="政策包">
          {about.policy ? (
            <>
              {about.policy.docNo} {about.policy.title}（版本 {about.policy.version}）
              <br />
              <Typography.Text code>{about.policy.digest}</Typography.Text>
            </>
          ) : (
            '未载入'
          )}
        </Descriptions.Item>
        <Descriptions.Item label="数据库">{folder('database', about.paths.database)}</Descriptions.Item>
        <Descriptions.Item label="证据文件">{folder('evidence', about.paths.evidence)}</Descriptions.Item>
        <Descriptions.Item label="日志">{folder('logs', about.paths.logs)}</Descriptions.Item>
        <Descriptions.Item label="备份">{folder('backups', about.paths.backups)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
