import { SNSClient } from '@aws-sdk/client-sns';

// Endpoint override locally: AWS_ENDPOINT_URL_SNS (the local SMS sink).
// Standard retries for SMS throttling (ThrottledException, Throttling): see shared/clients/sesv2.ts.
export const sns = new SNSClient({ retryMode: 'standard', maxAttempts: 3 });
