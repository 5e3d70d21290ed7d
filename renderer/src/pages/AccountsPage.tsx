import { Button, Card, Checkbox, Form, Input, InputNumber, Modal, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { type AccountView, ROLE_LABELS, ROLES, type Role } from '../../../shared/domain/accounts';
import { PageTitle } from '../PageTitle';
import { SystemPanel } from './system/SystemPanel';
import { useBridge } from '../useBridge';
import { checkedBy } from '../formRules';
import { useCall } from '../useCall';
import { useMessage } from '../useMessage';

const roleOptions = ROLES.map((r) => ({ label: ROLE_LABELS[r], value: r }));

/** 用户与设置 (administrators): local accounts and their roles, and the install's settings. */
export function AccountsPage() {
  const bridge = useBridge();
  const message = useMessage();
  const accounts = useCall('accounts.list', {});
  const settings = useCall('settings.get', {});
  const [editing, setEditing] = useState<AccountView | null>(null);
  const [resetting, setResetting] = useState<AccountView | null>(null);
  const [form] = Form.useForm();

  const done = (result: { ok: boolean; error?: { message: string } }, text: string) => {
    if (result.ok) {
      void message.success(text);
      void accounts.reload();
      return true;
    }
    void message.error(result.error?.message ?? '操作失败', 6);
    return false;
  };

  return (
    <div className="page">
      <PageTitle>用户与设置</PageTitle>
      <Card size="small" title="新建用户">
        <Form
          form={form}
          layout="inline"
          initialValues={{ roles: [] }}
          onFinish={async (v: { username: string; displayName: string; roles: Role[]; password: string }) => {
            if (done(await bridge.invoke('accounts.create', { ...v, roles: v.roles ?? [] }), `已创建用户「${v.username}」`)) form.resetFields();
          }}
        >
          <Form.Item label="用户名" name="username" rules={[checkedBy('accounts.create', 'username')]}>
            <Input style={{ width: 120 }} autoComplete="off" />
          </Form.Item>
          <Form.Item label="姓名" name="displayName" rules={[checkedBy('accounts.create', 'displayName')]}>
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item label="角色" name="roles" rules={[checkedBy('accounts.create', 'roles')]}>
            <Checkbox.Group options={roleOptions} />
          </Form.Item>
          <Form.Item label="初始密码" name="password" rules={[checkedBy('accounts.create', 'password')]}>
            <Input.Password style={{ width: 140 }} autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            创建
          </Button>
        </Form>
      </Card>
      <Table<AccountView>
        size="small"
        rowKey="username"
        aria-label="用户列表"
        loading={accounts.loading}
        dataSource={accounts.value ?? []}
        pagination={false}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '角色', render: (_, a) => a.roles.map((r) => <Tag key={r}>{ROLE_LABELS[r]}</Tag>) },
          {
            title: '状态',
            render: (_, a) => (a.disabled ? <Tag>已停用</Tag> : a.lockedUntil && Date.parse(a.lockedUntil) > Date.now() ? <Tag color="red">密码输错已锁定</Tag> : <Tag color="green">正常</Tag>),
          },
          {
            title: '操作',
            render: (_, a) => (
              <Space>
                {a.lockedUntil && Date.parse(a.lockedUntil) > Date.now() && (
                  <Button size="small" type="primary" aria-label={`解锁「${a.displayName}」`} onClick={async () => done(await bridge.invoke('accounts.unlock', { username: a.username }), `已解锁「${a.displayName}」`)}>
                    解锁
                  </Button>
                )}
                <Button size="small" onClick={() => setEditing(a)}>
                  修改角色
                </Button>
                <Button size="small" onClick={() => setResetting(a)}>
                  重置密码
                </Button>
                <Button size="small" danger={!a.disabled} onClick={async () => done(await bridge.invoke('accounts.change', { username: a.username, displayName: a.displayName, roles: a.roles, disabled: !a.disabled }), a.disabled ? '已启用' : '已停用')}>
                  {a.disabled ? '启用' : '停用'}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <Modal open title={`修改「${editing.displayName}」的角色`} okText="保存" cancelText="取消" onCancel={() => setEditing(null)} footer={null}>
          <Form
            layout="vertical"
            initialValues={{ displayName: editing.displayName, roles: editing.roles }}
            onFinish={async (v: { displayName: string; roles: Role[] }) => {
              if (done(await bridge.invoke('accounts.change', { username: editing.username, displayName: v.displayName, roles: v.roles, disabled: editing.disabled }), '已保存')) setEditing(null);
            }}
          >
            <Form.Item label="姓名" name="displayName" rules={[checkedBy('accounts.change', 'displayName')]}>
              <Input />
            </Form.Item>
            <Form.Item label="角色" name="roles">
              <Checkbox.Group options={roleOptions} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              保存
            </Button>
          </Form>
        </Modal>
      )}
      {resetting && (
        <Modal open title={`重置「${resetting.displayName}」的密码`} onCancel={() => setResetting(null)} footer={null}>
          <Form
            layout="vertical"
            onFinish={async (v: { password: string }) => {
              if (done(await bridge.invoke('accounts.resetPassword', { username: resetting.username, password: v.password }), '密码已重置，账号已解锁')) setResetting(null);
            }}
          >
            <Form.Item label="新密码" name="password" rules={[checkedBy('accounts.resetPassword', 'password')]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              重置
            </Button>
          </Form>
        </Modal>
      )}
      {settings.value && (
        <Card size="small" title="系统设置">
          <Form
            layout="inline"
            initialValues={settings.value}
            onFinish={async (v: { idleMinutes: number; noticeDays: number; noticeContact: string; fontPath?: string }) => {
              const { fontPath, ...rest } = v;
              const result = await bridge.invoke('settings.save', bridge.desktop || fontPath === undefined ? rest : { ...rest, fontPath });
              if (result.ok) void message.success('设置已保存');
              else void message.error(result.error.message, 6);
            }}
          >
            <Form.Item label="无操作自动锁定（分钟）" name="idleMinutes">
              <InputNumber min={1} max={240} />
            </Form.Item>
            <Form.Item label="默认公示天数" name="noticeDays">
              <InputNumber min={1} max={60} />
            </Form.Item>
            <Form.Item label="异议受理联系方式" name="noticeContact" rules={[checkedBy('settings.save', 'noticeContact')]}>
              <Input style={{ width: 260 }} placeholder="例如：县商务局电商股 0554-1234567" />
            </Form.Item>
            {/* the desktop app picks the font file in its own dialog (below, 政策包与字体) */}
            {!bridge.desktop && (
              <Form.Item label="PDF 中文字体文件" name="fontPath">
                <Input style={{ width: 260 }} placeholder="留空则使用程序自带字体" />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit">
              保存设置
            </Button>
          </Form>
        </Card>
      )}
      <SystemPanel />
    </div>
  );
}
