import {
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  FileDoneOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  TableOutlined,
  TeamOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import { rolesText } from '../../shared/domain/accounts';
import { useSession } from './auth/AuthGate';
import { AccountsPage } from './pages/AccountsPage';
import { ClaimsPage } from './pages/claims/ClaimsPage';
import { ExchangePage } from './pages/exchange/ExchangePage';
import { type ReactNode, useState } from 'react';
import { HomePage } from './pages/HomePage';
import { CountyPlanPage } from './pages/plan/CountyPlanPage';
import { LedgerPage } from './pages/LedgerPage';
import { PolicyPage } from './pages/policy/PolicyPage';
import { RegistryPage } from './pages/registry/RegistryPage';
import { ReportsPage } from './pages/ReportsPage';
import { TasksPage } from './pages/TasksPage';
import { type NavFilter, NavigationProvider, type PageKey } from './navigation';
import { useCall } from './useCall';

const PAGES: { key: PageKey; label: string; icon: ReactNode }[] = [
  { key: 'home', label: '首页', icon: <DashboardOutlined /> },
  { key: 'tasks', label: '任务分解表', icon: <TableOutlined /> },
  { key: 'plan', label: '本县方案', icon: <ProfileOutlined /> },
  { key: 'policy', label: '政策与规则', icon: <BookOutlined /> },
  { key: 'beneficiaries', label: '受益主体', icon: <TeamOutlined /> },
  { key: 'claims', label: '申报与拨付', icon: <FileDoneOutlined /> },
  { key: 'reports', label: '季度报告', icon: <BarChartOutlined /> },
  { key: 'exchange', label: '数据报送', icon: <CloudUploadOutlined /> },
  { key: 'ledger', label: '账本校验', icon: <SafetyCertificateOutlined /> },
  { key: 'accounts', label: '用户与设置', icon: <UserSwitchOutlined /> },
];

const PAGE_KEY = 'county-ledger-page';

/** The city's install works on the counties' bundles (keys, bundles, 全市汇总, evaluation, 复核 under 数据报送); a county's own pages would only be empty tables there. */
const CITY_PAGES: readonly PageKey[] = ['home', 'exchange', 'policy', 'ledger', 'accounts'];

export function AppShell() {
  const { session, lock, logout } = useSession();
  // 本县方案 belongs to a county's install only; the install is chosen on 首页, so it is asked again on each move
  const install = useCall('install.get', {});
  const county = install.value?.role?.role === 'county';
  const city = install.value?.role?.role === 'city';
  // A link may name the page (?page=beneficiaries&list=trainees); a reload keeps the page of the
  // same session; a sign-in (of anyone) lands on 首页, never on the page the last user left open.
  const [page, setPage] = useState<PageKey>(() => {
    const linked = new URLSearchParams(window.location.search).get('page');
    if (linked && PAGES.some((p) => p.key === linked)) return linked as PageKey;
    const [token, last] = (sessionStorage.getItem(PAGE_KEY) ?? '').split(' ');
    return token === session.token && PAGES.some((p) => p.key === last) ? (last as PageKey) : 'home';
  });
  const [filter, setFilter] = useState<NavFilter>({});
  const go = (key: PageKey, next: NavFilter = {}) => {
    void install.reload();
    sessionStorage.setItem(PAGE_KEY, `${session.token} ${key}`);
    setFilter(next);
    setPage(key);
  };

  // a link or an earlier visit may name a county page the city's install does not show
  const shown: PageKey = city && !CITY_PAGES.includes(page) ? 'home' : page;

  return (
    <Layout style={{ height: '100vh' }}>
      <Layout.Sider width={200} breakpoint="lg" collapsedWidth={64}>
        <div className="app-brand">
          <AuditOutlined /> 县域电商台账
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[shown]}
          items={PAGES.filter((p) => (p.key !== 'accounts' || session.roles.includes('admin')) && (p.key !== 'plan' || county) && (!city || CITY_PAGES.includes(p.key))).map((p) => ({
            key: p.key,
            icon: p.icon,
            label: p.label,
          }))}
          onClick={(e) => go(e.key as PageKey)}
        />
      </Layout.Sider>
      <Layout.Content style={{ overflow: 'auto', background: '#fff', display: 'flex', flexDirection: 'column' }}>
        <div className="app-header">
          <Typography.Text aria-label="当前用户">
            {session.displayName}（{rolesText(session.roles)}）
          </Typography.Text>
          <Space>
            <Button size="small" onClick={lock}>
              锁定
            </Button>
            <Button size="small" onClick={() => void logout()}>
              退出登录
            </Button>
          </Space>
        </div>
        <NavigationProvider value={{ go, filter, page: shown }}>
        {shown === 'home' && <HomePage />}
        {shown === 'tasks' && <TasksPage />}
        {shown === 'plan' && <CountyPlanPage />}
        {shown === 'policy' && <PolicyPage />}
        {shown === 'beneficiaries' && <RegistryPage />}
        {shown === 'ledger' && <LedgerPage />}
        {shown === 'claims' && <ClaimsPage />}
        {shown === 'accounts' && <AccountsPage />}
        {shown === 'reports' && <ReportsPage />}
        {shown === 'exchange' && <ExchangePage />}
        </NavigationProvider>
      </Layout.Content>
    </Layout>
  );
}
