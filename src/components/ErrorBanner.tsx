import {Banner, Button} from '@stripe/ui-extension-sdk/ui';
import {describeError, type SecretErrorDetail} from '../secrets';

/** The one way a failed Secret Store call is shown: words from the shared mapping, and a way to try again. */
export function ErrorBanner({error, onRetry}: {error: SecretErrorDetail; onRetry?: () => void}) {
  return (
    <Banner
      type="critical"
      title="Something went wrong"
      description={describeError(error)}
      actions={onRetry ? <Button onPress={onRetry}>Try again</Button> : undefined}
    />
  );
}
