import { Empty } from 'antd';
import { PageTitle } from '../PageTitle';

export function PlaceholderPage({ title, description }: { title: string; description: string }) {
  return (
    <div className="page">
      <PageTitle>{title}</PageTitle>
      <Empty description={`本功能尚在建设中：${description}`} />
    </div>
  );
}
