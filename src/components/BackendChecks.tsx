import {Banner, Button} from '../sdk/components';
import {Heading, Stack} from './layout';

/** A check's answer in words; `ok` picks how it is shown. */
export interface Outcome {
  ok: boolean;
  text: string;
}

/** One action of *Test from the backend*, with its last answer. */
export interface BackendCheck {
  label: string;
  pending: boolean;
  outcome?: Outcome;
  press: () => void;
}

/** *Test from the backend*: what the backend can do with the saved credentials, asked with signed requests. */
export function BackendChecks({checks}: {checks: BackendCheck[]}) {
  if (!checks.length) return null;
  return (
    <Stack gap="medium">
      <Heading text="Test from the backend">{null}</Heading>
      {checks.map(({label, pending, outcome, press}) => (
        <Stack key={label} gap="small">
          <Button pending={pending} disabled={pending} onPress={press}>
            {label}
          </Button>
          {outcome ? <Banner type={outcome.ok ? 'default' : 'critical'} title={outcome.text} /> : null}
        </Stack>
      ))}
    </Stack>
  );
}
