import { Typography } from 'antd';
import type { ReactNode } from 'react';

export function PageTitle({ children }: { children: ReactNode }) {
  return (
    <Typography.Title level={4} className="page-title">
      {children}
    </Typography.Title>
  );
}
