import type { CustomCellEditorProps } from 'ag-grid-react';
import type { SuppressKeyboardEventParams } from 'ag-grid-community';
import { Button, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { MAX_NARRATIVE } from '../../../shared/domain/progress';

type Editable = { no: number };

/** What a clerk is told when the text is too long to save: the count over, never a silent cut. */
export function overLimitMessage(length: number, limit = MAX_NARRATIVE): string | null {
  return length > limit ? `已超出 ${length - limit} 字，最多 ${limit} 字：请删减后再保存（文字没有被截断）` : null;
}

/**
 * The long-text editor of the task table: a labelled box with a character count and 保存/取消.
 * Text past the limit stays in the box with a message; the grid never cuts it.
 * Enter saves, Shift+Enter starts a new line, Esc cancels.
 */
export function NarrativeEditor(props: CustomCellEditorProps<Editable, string>) {
  const [text, setText] = useState(props.initialValue ?? '');
  const [refused, setRefused] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const label = `第 ${props.data.no} 项任务 · ${props.colDef.headerName ?? ''}`;

  useEffect(() => {
    const area = box.current;
    if (!area) return;
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  }, []);

  const change = (value: string) => {
    setText(value);
    setRefused(null);
    props.onValueChange(value);
  };
  const save = () => {
    const over = overLimitMessage(text.length);
    if (over) setRefused(over);
    else props.stopEditing();
  };
  const over = text.length > MAX_NARRATIVE;

  return (
    <div className="narrative-editor" role="dialog" aria-label={label}>
      <Typography.Text strong>{label}</Typography.Text>
      <textarea
        ref={box}
        aria-label={label}
        value={text}
        rows={10}
        onChange={(e) => change(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            save();
          }
        }}
      />
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type={over ? 'danger' : 'secondary'} aria-label="字数">
          {text.length} / {MAX_NARRATIVE} 字
        </Typography.Text>
        <Space>
          <Typography.Text type="secondary">Enter 保存，Shift+Enter 换行</Typography.Text>
          <Button size="small" onClick={() => props.api.stopEditing(true)}>
            取消
          </Button>
          <Button size="small" type="primary" onClick={save}>
            保存
          </Button>
        </Space>
      </Space>
      {refused && (
        <Typography.Text type="danger" role="alert">
          {refused}
        </Typography.Text>
      )}
    </div>
  );
}

/** While the editor is open, Enter belongs to it (a new line or 保存), not to the grid that would end the edit. */
export function keepEnterInEditor(params: SuppressKeyboardEventParams): boolean {
  return params.editing && params.event.key === 'Enter';
}

