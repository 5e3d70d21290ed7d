import { Button, Card, Space, Typography } from 'antd';
import { useBridge } from '../../useBridge';
import { useCall } from '../../useCall';
import { AboutCard } from './AboutCard';
import { BackupCard } from './BackupCard';
import { PathAction } from './PathAction';
import { TransferCard } from './TransferCard';
import { UpdateCard } from './UpdateCard';
import { useMessage } from '../../useMessage';

/** The program itself, in 用户与设置: 关于, backups, moving, the data folder, updates, files only the administrator picks. */
export function SystemPanel() {
  const bridge = useBridge();
  const message = useMessage();
  const about = useCall('system.about', {});
  const restarted = () => (bridge.desktop ? void bridge.shell('desktop.relaunch', {}) : window.location.reload());
  if (!about.value) return null;
  const info = about.value;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <AboutCard about={info} />
      <BackupCard backupDir={info.paths.backups} onChanged={() => void about.reload()} />
      <TransferCard onImported={() => window.location.reload()} />
      <Card size="small" title="数据文件夹">
        <Space direction="vertical">
          <Typography.Text>
            当前：<Typography.Text code>{info.paths.dataDir}</Typography.Text>（桌面版、网页版和命令行共用）
          </Typography.Text>
          <PathAction
            label="移动到其他文件夹"
            placeholder="新的数据文件夹（如 D:\县域电商台账）"
            run={async (path) => {
              const result = await bridge.invokeWithPath('system.moveDataDir', {}, path);
              if (!result.ok) return void (result.error.code !== 'CANCELLED' && message.error(result.error.message, 8));
              void message.success(`数据已复制到 ${result.value.dataDir}；${bridge.desktop ? '程序将重新启动' : '请重新运行 npm run web'}。原文件夹保持不变，确认无误后可自行删除。`, 12);
              if (bridge.desktop) restarted();
            }}
          />
        </Space>
      </Card>
      <UpdateCard updateUrl={info.updateUrl} onChanged={() => void about.reload()} />
      <Card size="small" title="政策包与字体">
        <Space wrap>
          <PathAction
            label="载入市局签名的政策包"
            placeholder="市局下发的签名政策包文件"
            run={async (path) => {
              const result = await bridge.invokeWithPath('system.loadSignedPack', {}, path);
              if (result.ok) void message.success(`已载入政策包，摘要 ${result.value.digest.slice(0, 16)}…`);
              else if (result.error.code !== 'CANCELLED') void message.error(result.error.message, 8);
            }}
          />
          {bridge.desktop && (
            <>
              <PathAction
                label="选择 PDF 字体文件"
                placeholder=""
                run={async (path) => {
                  const result = await bridge.invokeWithPath('system.setFont', {}, path);
                  if (result.ok) void message.success(`PDF 字体：${result.value.fontPath}`);
                  else if (result.error.code !== 'CANCELLED') void message.error(result.error.message, 8);
                }}
              />
              <Button onClick={async () => (await bridge.invoke('settings.save', { fontPath: '' })).ok && void message.success('PDF 使用程序自带字体')}>使用自带字体</Button>
            </>
          )}
        </Space>
      </Card>
    </Space>
  );
}
