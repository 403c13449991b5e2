import {useState} from 'react';
import {Banner, Button} from '../sdk/components';
import {Row} from './layout';

/** A destructive action that asks first: press, then confirm or cancel. */
export function ConfirmButton(props: {
  label: string;
  question: string;
  confirmLabel: string;
  pending?: boolean;
  disabled?: boolean;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button type="destructive" pending={props.pending} disabled={props.disabled} onPress={() => setAsking(true)}>
        {props.label}
      </Button>
    );
  }
  return (
    <Banner
      type="caution"
      title={props.question}
      actions={
        <Row gap="small">
          <Button
            type="destructive"
            onPress={() => {
              setAsking(false);
              props.onConfirm();
            }}
          >
            {props.confirmLabel}
          </Button>
          <Button onPress={() => setAsking(false)}>Cancel</Button>
        </Row>
      }
    />
  );
}
