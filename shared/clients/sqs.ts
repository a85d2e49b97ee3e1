import { SQSClient } from '@aws-sdk/client-sqs';

// Endpoint override locally: AWS_ENDPOINT_URL_SQS.
export const sqs = new SQSClient({});
