import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// Created once per container. Locally the endpoint comes from AWS_ENDPOINT_URL_DYNAMODB,
// which the SDK reads itself: the code is the same in the cloud and on a laptop.
export const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
