import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { FormScanStorage } from './form-scan';

/** A neutral file name: the form's number or the member's name would put personal data in a download's name. */
const FILE_NAMES = { 'application/pdf': 'reset-form.pdf', 'image/png': 'reset-form.png', 'image/jpeg': 'reset-form.jpg' } as const;

const notFound = (error: unknown) =>
  (error as Error).name === 'NotFound' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/** The form-scan bucket (catalog `resetForms`) behind the `FormScanStorage` port. */
export function s3FormScanStorage(s3: S3Client, bucket: string): FormScanStorage {
  return {
    // The presigner signs only `host` and what the command sets that it may not hoist: content-type must
    // be named to be signed; content-length is signed once it is set. S3 then refuses a PUT of another type or size.
    presignPut: (key, contentType, size, seconds) =>
      getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, ContentLength: size }), {
        expiresIn: seconds,
        signableHeaders: new Set(['content-type', 'content-length']),
      }),
    presignGet: (key, contentType, seconds) =>
      getSignedUrl(
        s3,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ResponseContentType: contentType,
          ResponseContentDisposition: `inline; filename="${FILE_NAMES[contentType]}"`,
          ResponseCacheControl: 'private, no-store',
        }),
        { expiresIn: seconds },
      ),
    async head(key) {
      try {
        const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { size: head.ContentLength ?? 0, contentType: head.ContentType ?? null, etag: head.ETag ?? null };
      } catch (error) {
        if (notFound(error)) return null;
        throw error;
      }
    },
    async firstBytes(key, count) {
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${count - 1}` }));
      return (await got.Body?.transformToByteArray())?.subarray(0, count) ?? new Uint8Array();
    },
    async remove(key) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}
