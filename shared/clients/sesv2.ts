import { SESv2Client } from '@aws-sdk/client-sesv2';

// Endpoint override locally: AWS_ENDPOINT_URL_SESV2.
export const sesv2 = new SESv2Client({});
