import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppShell } from './AppShell';
import { AuthGate } from './auth/AuthGate';
import { createBridge } from './bridge';
import { BridgeContext } from './useBridge';
import './styles.css';

dayjs.locale('zh-cn');

const root = document.getElementById('root');
if (!root) throw new Error('缺少 #root 节点');

createRoot(root).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#b4232a', borderRadius: 4 } }}>
      <AntApp>
        <BridgeContext.Provider value={createBridge()}>
          <AuthGate>
            <AppShell />
          </AuthGate>
        </BridgeContext.Provider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
