import { Button, Card, Form, Input, Progress, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { UpdateState } from '../../../../shared/contract-desktop';
import { useBridge } from '../../useBridge';
import { PathAction } from './PathAction';
import { useMessage } from '../../useMessage';

/** 更新: from the administrator's server (off until set), or an offline file the city signed. Desktop only. */
export function UpdateCard({ updateUrl, onChanged }: { updateUrl: string; onChanged: () => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const [state, setState] = useState<UpdateState | null>(null);

  useEffect(() => {
    if (state?.state !== 'downloading') return;
    const timer = setInterval(async () => {
      const result = await bridge.shell('desktop.updateStatus', {});
      if (result.ok) setState(result.value);
    }, 500);
    return () => clearInterval(timer);
  }, [bridge, state?.state]);

  const show = (result: { ok: true; value: UpdateState } | { ok: false; error: { message: string } }) => {
    if (result.ok) setState(result.value);
    else void message.error(result.error.message, 8);
  };

  return (
    <Card size="small" title="更新">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Form
          layout="inline"
          initialValues={{ url: updateUrl }}
          onFinish={async (v: { url: string }) => {
            const result = await bridge.invoke('system.setUpdateUrl', { url: v.url ?? '' });
            if (!result.ok) return void message.error(result.error.message, 8);
            void message.success(result.value.url ? '更新服务器地址已保存' : '已关闭在线更新');
            onChanged();
          }}
        >
          <Form.Item label="更新服务器地址" name="url">
            <Input style={{ width: 360 }} placeholder="例如 http://10.1.2.3/county-ledger/（留空则不在线更新）" />
          </Form.Item>
          <Button htmlType="submit">保存</Button>
        </Form>
        {!bridge.desktop ? (
          <Typography.Text type="secondary">网页版随源代码更新；桌面版在这里检查更新或选择离线更新文件。</Typography.Text>
        ) : (
          <>
            <Space wrap>
              <Button onClick={async () => show(await bridge.shell('desktop.checkUpdate', {}))} disabled={!updateUrl}>
                检查更新
              </Button>
              <PathAction
                label="选择离线更新文件"
                placeholder=""
                run={async (path) => {
                  const result = await bridge.invokeWithPath('system.verifyUpdateFile', {}, path);
                  if (!result.ok) return void (result.error.code !== 'CANCELLED' && message.error(result.error.message, 8));
                  show(await bridge.shell('desktop.updateStatus', {}));
                }}
              />
            </Space>
            {state && (
              <Space direction="vertical" aria-label="更新状态">
                <Typography.Text strong>{state.message}</Typography.Text>
                {state.notes && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{state.notes}</Typography.Paragraph>}
                {state.state === 'available' && <Button onClick={async () => show(await bridge.shell('desktop.downloadUpdate', {}))}>下载</Button>}
                {(state.state === 'downloading' || state.state === 'downloaded') && <Progress percent={state.percent} style={{ width: 360 }} />}
                {state.state === 'downloaded' && (
                  <Button
                    type="primary"
                    onClick={async () => {
                      const result = await bridge.shell('desktop.installUpdate', {});
                      if (!result.ok) void message.error(result.error.message, 8);
                    }}
                  >
                    重启并安装
                  </Button>
                )}
                {state.state === 'downloaded' && <Typography.Text type="secondary">安装前会先自动备份。</Typography.Text>}
              </Space>
            )}
          </>
        )}
      </Space>
    </Card>
  );
}
