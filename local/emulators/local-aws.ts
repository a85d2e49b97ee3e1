/** Emulators accept any credentials; these keep the SDK from looking for real ones. */
export const LOCAL_REGION = 'eu-south-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
