import { S3Client } from '@aws-sdk/client-s3';

// Endpoint override locally: AWS_ENDPOINT_URL_S3 (fauxqs). Emulators answer path-style URLs
// only (bucket.localhost does not resolve everywhere), so path style goes with an override.
// Checksums only when an operation requires them: otherwise a presigned PUT would carry the
// CRC32 of an empty body, and S3 would reject the real file uploaded with it.
export const s3 = new S3Client({
  forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
  requestChecksumCalculation: 'WHEN_REQUIRED',
});
