import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

// Endpoint override locally: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER.
export const cognito = new CognitoIdentityProviderClient({});
