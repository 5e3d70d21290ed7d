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
    {/* No animations: an office PC (often without GPU acceleration) gains nothing from them, and a
        button's loading icon could stay behind in its leave animation, naming the idle button
        "loading 登记" to screen readers (seen in e2e on the key registration form). */}
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#b4232a', borderRadius: 4, motion: false } }}>
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
