/** What every desk shares: read `web/src/desks/README.md`. */
export { ActionForm } from './ActionForm';
export { ConfirmAlert } from './ConfirmAlert';
export { type CursorPage, CursorTable, type CursorTableProps } from './CursorTable';
export { DeskPage } from './DeskPage';
export { type DeskI18n, type DeskMessages, defineDeskMessages, useCommonI18n, useDeskI18n } from './desk-i18n';
export { saveBlob, useDownload } from './download';
export { everyPage } from './every-page';
export { InstitutionField, useInstitutionsInReach } from './InstitutionField';
export { formatInstant, monthName, weekNumber } from './instant';
export { useMyInstitutions } from './institutions';
export { ProblemAlert } from './ProblemAlert';
export { actionWords, outcomeWord, roleWords } from './trail-words';
export { type PresignedUpload, putFile } from './upload';
export { type Action, useAction } from './use-action';
export { call, type Query, useQuery } from './use-query';
