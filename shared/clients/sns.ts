import { SNSClient } from '@aws-sdk/client-sns';

// Endpoint override locally: AWS_ENDPOINT_URL_SNS (the local SMS sink).
export const sns = new SNSClient({});
