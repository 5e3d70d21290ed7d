import { QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Descriptions, Drawer, Space, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { ROLE_LABELS, ROLES } from '../../shared/domain/accounts';
import { PAGE_HELP } from './help';
import { useCurrentPage } from './navigation';

/** The page's title with its 帮助 button: every page says what it is for and what to do first. */
export function PageTitle({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const page = useCurrentPage();
  const help = PAGE_HELP[page];
  return (
    <Space size={4} align="center">
      <Typography.Title level={4} className="page-title">
        {children}
      </Typography.Title>
      <Button type="text" size="small" icon={<QuestionCircleOutlined />} onClick={() => setOpen(true)} aria-label={`「${String(children)}」帮助`}>
        帮助
      </Button>
      <Drawer open={open} onClose={() => setOpen(false)} title={<>帮助：{children}</>} size={440} aria-label="帮助">
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          系统说明：以下为本系统的使用说明，不是方案原文。
        </Typography.Paragraph>
        <Typography.Title level={5}>本页用途</Typography.Title>
        <Typography.Paragraph>{help.purpose}</Typography.Paragraph>
        {help.city && <Typography.Paragraph type="secondary">{help.city}</Typography.Paragraph>}
        <Typography.Title level={5}>先做什么</Typography.Title>
        <ol style={{ paddingInlineStart: 20 }}>
          {help.first.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
        {help.marks && (
          <>
            <Typography.Title level={5}>标识含义</Typography.Title>
            <Descriptions size="small" column={1} bordered items={help.marks.map((m) => ({ key: m.label, label: m.label, children: m.meaning }))} />
          </>
        )}
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          各岗位使用说明
        </Typography.Title>
        <Space wrap>
          {[...ROLES.map((r) => ({ key: r, label: ROLE_LABELS[r] })), { key: 'city', label: '市级版' }].map((g) => (
            <a key={g.key} href={`guide/${g.key}.md`} target="_blank" rel="noreferrer">
              《{g.label}使用说明》
            </a>
          ))}
        </Space>
      </Drawer>
    </Space>
  );
}
