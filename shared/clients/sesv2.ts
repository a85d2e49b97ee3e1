import { SESv2Client } from '@aws-sdk/client-sesv2';

// Endpoint override locally: AWS_ENDPOINT_URL_SESV2.
// Adaptive retries: throttling (TooManyRequestsException, LimitExceededException …) is retried with
// exponential back-off and jitter, and the client slows its own send rate; when it gives up, the
// consumer delays the message in its queue (shared/delivery/throttling.ts).
export const sesv2 = new SESv2Client({ retryMode: 'adaptive', maxAttempts: 3 });
