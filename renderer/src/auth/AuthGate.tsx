import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Collapse, Form, Input, Spin, Typography } from 'antd';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { SessionView } from '../../../shared/domain/accounts';
import { type Bridge, setSession } from '../bridge';
import { BridgeContext, useBridge } from '../useBridge';
import { RestorePanel } from '../pages/system/BackupCard';
import { TransferCard } from '../pages/system/TransferCard';
import { useMessage } from '../useMessage';

// Nothing but the sign-in screens shows until a person has signed in. The core refuses every
// call without a live session anyway; this gate turns those refusals into the right screen:
// first start (set the administrator), sign in, or unlock after the idle time.

type Screen = 'loading' | 'refused' | 'setup' | 'login' | 'locked' | 'in';
type SessionContextValue = { session: SessionView; lock(): void; logout(): Promise<void> };

const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('SessionContext 未提供');
  return value;
}

export function useHasRole(...roles: SessionView['roles']): boolean {
  const { session } = useSession();
  return roles.some((r) => session.roles.includes(r));
}

export function AuthGate({ children }: { children: ReactNode }) {
  const base = useBridge();
  const [screen, setScreen] = useState<Screen>('loading');
  const [session, setSessionState] = useState<SessionView | null>(null);
  const [unit, setUnit] = useState<string | null>(null);
  const [refusal, setRefusal] = useState('');
  const screenRef = useRef(screen);
  screenRef.current = screen;

  // Every call of the pages goes through here: a refused session shows the sign-in or unlock screen.
  const bridge = useMemo<Bridge>(() => {
    const watch = <T extends { ok: boolean; error?: { code: string } }>(result: T): T => {
      if (!result.ok && screenRef.current === 'in') {
        if (result.error?.code === 'LOCKED') setScreen('locked');
        if (result.error?.code === 'UNAUTHORIZED') setScreen('login');
      }
      return result;
    };
    return {
      desktop: base.desktop,
      invoke: async (method, input) => watch(await base.invoke(method, input)),
      invokeWithPath: async (method, input, typedPath) => watch(await base.invokeWithPath(method, input, typedPath)),
      shell: async (method, input) => watch(await base.shell(method, input)),
    };
  }, [base]);

  const refresh = useCallback(async () => {
    const status = await base.invoke('auth.status', {});
    // the address opened without its token (or the host gone): say so now, not after the password
    if (!status.ok) {
      setRefusal(status.error.message);
      return setScreen('refused');
    }
    setUnit(status.value.unit);
    if (status.value.needsSetup) return setScreen('setup');
    if (!status.value.session) return setScreen('login');
    setSessionState(status.value.session);
    setScreen(status.value.locked ? 'locked' : 'in');
  }, [base]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signedIn = (s: SessionView) => {
    setSession(s.token);
    setSessionState(s);
    setScreen('in');
  };

  // The idle lock, shown as soon as the time is up (the core enforces the same limit).
  useEffect(() => {
    if (screen !== 'in' || !session) return;
    let timer = window.setTimeout(() => setScreen('locked'), session.idleMinutes * 60_000);
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setScreen('locked'), session.idleMinutes * 60_000);
    };
    const events = ['mousedown', 'keydown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, reset, { passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, reset);
    };
  }, [screen, session]);

  const value = useMemo<SessionContextValue | null>(
    () =>
      session
        ? {
            session,
            lock: () => setScreen('locked'),
            logout: async () => {
              await base.invoke('auth.logout', {});
              setSession(null);
              setSessionState(null);
              setScreen('login');
            },
          }
        : null,
    [base, session],
  );

  if (screen === 'loading') return <Spin fullscreen tip="正在启动…" />;
  if (screen === 'refused')
    return (
      <UnitContext.Provider value={unit}>
        <Centered title="无法打开">
          <Alert type="error" showIcon title={refusal} description="请关闭此页，用程序启动时显示（或桌面版打开）的完整地址重新打开；地址中 #token= 之后的部分不能省略。" />
        </Centered>
      </UnitContext.Provider>
    );
  const withUnit = (screenNode: ReactNode) => <UnitContext.Provider value={unit}>{screenNode}</UnitContext.Provider>;
  if (screen === 'setup') return withUnit(<SetupScreen onDone={signedIn} />);
  if (screen === 'login') return withUnit(<LoginScreen onDone={signedIn} />);
  if (screen === 'locked' && session) return withUnit(<UnlockScreen session={session} onDone={signedIn} onSwitch={() => void value?.logout()} />);
  if (!value) return withUnit(<LoginScreen onDone={signedIn} />);
  return (
    <SessionContext.Provider value={value}>
      {/* keyed by the session: another user (or the same one signing in again) starts from fresh pages */}
      <BridgeContext.Provider value={bridge} key={session?.token}>
        {children}
      </BridgeContext.Provider>
    </SessionContext.Provider>
  );
}

/** This install's unit on the sign-in screens (null before 首页 sets it). */
const UnitContext = createContext<string | null>(null);

function Centered({ title, children }: { title: string; children: ReactNode }) {
  const unit = useContext(UnitContext);
  return (
    <div className="auth-screen">
      <div className="auth-brand">
        <h1>县域电商台账</h1>
        <div aria-label="本机所属单位">{unit ?? '尚未设置本机所属县区'}</div>
      </div>
      <Card title={title} style={{ width: 420, maxWidth: '100%' }}>
        {children}
      </Card>
    </div>
  );
}

function useSubmit(onDone: (s: SessionView) => void) {
  const message = useMessage();
  const [busy, setBusy] = useState(false);
  return {
    busy,
    run: async (call: () => Promise<{ ok: true; value: SessionView } | { ok: false; error: { message: string } }>) => {
      setBusy(true);
      const result = await call();
      setBusy(false);
      if (result.ok) onDone(result.value);
      else void message.error(result.error.message, 6);
    },
  };
}

function SetupScreen({ onDone }: { onDone: (s: SessionView) => void }) {
  const bridge = useBridge();
  const submit = useSubmit(onDone);
  return (
    <Centered title="首次使用：设置管理员">
      <Typography.Paragraph type="secondary">本机尚无用户。请设置管理员账号和密码（至少 8 位，含字母和数字）；管理员可再为录入员、审核员、审批人建立账号。</Typography.Paragraph>
      <Form
        layout="vertical"
        onFinish={(v: { username: string; displayName: string; password: string }) => void submit.run(() => bridge.invoke('auth.setup', { username: v.username, displayName: v.displayName, password: v.password, roles: [] }))}
      >
        <Form.Item label="管理员用户名" name="username" rules={[{ required: true, message: '请填写用户名' }]}>
          <Input prefix={<UserOutlined />} autoComplete="off" />
        </Form.Item>
        <Form.Item label="姓名" name="displayName" rules={[{ required: true, message: '请填写姓名' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请填写密码' }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认密码"
          name="confirm"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入密码' },
            ({ getFieldValue }) => ({ validator: (_r, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))) }),
          ]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submit.busy}>
          设置管理员并进入
        </Button>
      </Form>
      {/* a new PC: bring the old one's data back instead of starting empty */}
      <Collapse
        ghost
        style={{ marginTop: 12 }}
        items={[
          { key: 'restore', label: '换了新电脑？从备份恢复', children: <RestorePanel onRestored={() => window.location.reload()} /> },
          { key: 'transfer', label: '导入旧电脑的迁移包（含签名密钥）', children: <TransferCard importOnly onImported={() => window.location.reload()} /> },
        ]}
      />
    </Centered>
  );
}

function LoginScreen({ onDone }: { onDone: (s: SessionView) => void }) {
  const bridge = useBridge();
  const submit = useSubmit(onDone);
  return (
    <Centered title="登录">
      <Form layout="vertical" onFinish={(v: { username: string; password: string }) => void submit.run(() => bridge.invoke('auth.login', v))}>
        <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请填写用户名' }]}>
          <Input prefix={<UserOutlined />} autoFocus />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请填写密码' }]}>
          <Input.Password prefix={<LockOutlined />} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submit.busy}>
          登录
        </Button>
      </Form>
    </Centered>
  );
}

function UnlockScreen({ session, onDone, onSwitch }: { session: SessionView; onDone: (s: SessionView) => void; onSwitch: () => void }) {
  const bridge = useBridge();
  const submit = useSubmit(onDone);
  return (
    <Centered title="已锁定">
      <Typography.Paragraph>
        {session.displayName}（{session.username}）已超过 {session.idleMinutes} 分钟未操作，为保护数据已锁定。请输入密码继续。
      </Typography.Paragraph>
      <Form layout="vertical" onFinish={(v: { password: string }) => void submit.run(() => bridge.invoke('auth.unlock', v))}>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请填写密码' }]}>
          <Input.Password prefix={<LockOutlined />} autoFocus />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submit.busy}>
          解锁
        </Button>
        <Button type="link" block onClick={onSwitch}>
          换个用户登录
        </Button>
      </Form>
    </Centered>
  );
}
