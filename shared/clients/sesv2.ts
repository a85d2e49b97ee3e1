import { SESv2Client } from '@aws-sdk/client-sesv2';

// Endpoint override locally: AWS_ENDPOINT_URL_SESV2.
// Standard retries: throttling (TooManyRequestsException, LimitExceededException …) is retried with
// exponential back-off and jitter; when the client gives up, the consumer delays the message in its
// queue (shared/delivery/throttling.ts). Not 'adaptive': its client-side rate limiter reads every
// throttle as congestion and settled at a tenth of the quota in `npm run bench` (figure 2).
export const sesv2 = new SESv2Client({ retryMode: 'standard', maxAttempts: 3 });
