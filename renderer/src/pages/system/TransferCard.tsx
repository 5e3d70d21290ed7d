import { Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useBridge } from '../../useBridge';
import { PathAction } from './PathAction';
import { useMessage } from '../../useMessage';

/** 迁移到新电脑: the backup plus the signing key re-sealed with a passphrase typed twice; the other half imports it. */
export function TransferCard({ onImported, importOnly = false }: { onImported: () => void; importOnly?: boolean }) {
  const bridge = useBridge();
  const message = useMessage();
  const [exported, setExported] = useState<string | null>(null);
  const [importPassphrase, setImportPassphrase] = useState('');
  const [keyPassphrase, setKeyPassphrase] = useState('');
  return (
    <Card size="small" title="迁移到新电脑">
      <Space direction="vertical" style={{ width: '100%' }}>
        {!importOnly && (
        <>
        <Typography.Text type="secondary">
          签名密钥由本机系统密钥库保护，换电脑后无法打开。迁移包含完整备份和用口令重新加密的签名密钥；在新电脑上导入后，市局看到的公钥指纹不变，无需更换密钥。
        </Typography.Text>
        <Form
          layout="inline"
          onFinish={async (v: { passphrase: string; repeated: string; keyPassphrase?: string }) => {
            const result = await bridge.invoke('system.exportTransfer', { passphrase: v.passphrase, repeated: v.repeated, ...(v.keyPassphrase ? { keyPassphrase: v.keyPassphrase } : {}) });
            if (!result.ok) return void message.error(result.error.message, 8);
            setExported(result.value.path);
          }}
        >
          <Form.Item label="迁移包口令" name="passphrase" rules={[{ required: true, min: 8, message: '至少 8 个字符' }]}>
            <Input.Password style={{ width: 160 }} autoComplete="new-password" />
          </Form.Item>
          <Form.Item label="再输一次" name="repeated" rules={[{ required: true, message: '请再输一次口令' }]}>
            <Input.Password style={{ width: 160 }} autoComplete="new-password" />
          </Form.Item>
          {!bridge.desktop && (
            <Form.Item label="签名密钥口令" name="keyPassphrase">
              <Input.Password style={{ width: 160 }} autoComplete="off" />
            </Form.Item>
          )}
          <Button htmlType="submit">导出迁移包</Button>
        </Form>
        {exported && <Typography.Text copyable>迁移包已保存：{exported}（请连同口令分开交给新电脑的管理员）</Typography.Text>}
        <Typography.Title level={5}>在本机导入迁移包</Typography.Title>
        </>
        )}
        <Space wrap>
          <Input.Password aria-label="迁移包口令" placeholder="迁移包口令" style={{ width: 180 }} value={importPassphrase} onChange={(e) => setImportPassphrase(e.target.value)} />
          {!bridge.desktop && <Input.Password aria-label="本机签名密钥口令" placeholder="本机签名密钥口令（至少 8 个字符）" style={{ width: 240 }} value={keyPassphrase} onChange={(e) => setKeyPassphrase(e.target.value)} />}
          <PathAction
            label="选择迁移包并导入"
            placeholder="迁移包的完整路径（.cmove）"
            disabled={!importPassphrase}
            run={async (path) => {
              const result = await bridge.invokeWithPath('system.importTransfer', { passphrase: importPassphrase, ...(keyPassphrase ? { keyPassphrase } : {}) }, path);
              if (!result.ok) return void (result.error.code !== 'CANCELLED' && message.error(result.error.message, 8));
              void message.success(`已导入：${result.value.summary.install.county?.name ?? ''}，账本 ${result.value.summary.ledger.entries} 条记录，签名密钥指纹 ${result.value.fingerprints.join('、') || '（无）'}`, 10);
              onImported();
            }}
          />
        </Space>
      </Space>
    </Card>
  );
}
