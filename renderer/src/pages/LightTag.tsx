import { Tag } from 'antd';
import { type Light, LIGHT_LABELS } from '../../../shared/domain/progress';
import { LIGHT_COLORS } from '../charts/lightColors';

// A task's or indicator's status light as a coloured tag; its own file so that the task table,
// the task drawer and the city's overview import it without importing each other.

export function LightTag({ light, title }: { light: Light; title?: string }) {
  return (
    <Tag color={LIGHT_COLORS[light]} title={title} style={{ color: light === 'not-applicable' ? '#595959' : undefined }}>
      {LIGHT_LABELS[light]}
    </Tag>
  );
}
