import { ApiError } from '../../api/client';

/** A presigned upload as the API hands it out (`upload` of an import or a form scan). */
export interface PresignedUpload {
  method: 'PUT';
  url: string;
  headers: Record<string, string>;
}

/**
 * PUTs a file straight to storage with a presigned URL, telling `onProgress` the share sent (0–1).
 * XMLHttpRequest, not fetch: only it reports an upload's progress. A refusal (the URL expired,
 * the signature does not match) or a lost connection rejects with an `ApiError` without a problem
 * (status 0 for the network), which `ProblemAlert` explains like any other failure.
 */
export function putFile(upload: PresignedUpload, file: Blob, onProgress: (share: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method, upload.url);
    for (const [name, value] of Object.entries(upload.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new ApiError(xhr.status, null)));
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.send(file);
  });
}
