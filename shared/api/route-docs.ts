import type { z } from 'zod';
import { meSchema } from './account-schemas';
import {
  activatedSchema,
  activationNoticeAnswer,
  activationNoticeBody,
  activationNoticeParams,
  attemptParams,
  confirmActivationBody,
  memberParams,
  reopenedWindowSchema,
  reopenWindowBody,
  startActivationBody,
  startedActivationSchema,
} from './activation-schemas';
import {
  alternateEmailCodeSentSchema,
  alternateEmailVerifiedSchema,
  setAlternateEmailBody,
  verifyAlternateEmailBody,
} from './alternate-email-schemas';
import { auditCsvQuery, auditPageSchema, auditQuery, verifyAuditBody, verifyAuditSchema } from './audit-schemas';
import { channelChangeParams, confirmChannelChangeBody, confirmedChannelChangeSchema } from './credential-schemas';
import {
  exportForwardingsQuery,
  forwardingListSchema,
  forwardingParams,
  forwardingSchema,
  listForwardingsQuery,
} from './forwarding-schemas';
import {
  createGroupBody,
  decideJoinRequestBody,
  decideJoinRequestParams,
  exportGroupsQuery,
  groupDetailSchema,
  groupExportSchema,
  groupIdParams,
  groupListSchema,
  groupMemberAddedSchema,
  groupMemberParams,
  groupSchema,
  institutionGroupsParams,
  joinRequestListSchema,
  joinRequestSchema,
  listGroupsQuery,
  listJoinRequestsQuery,
  updateGroupBody,
} from './group-schemas';
import {
  createdImportSchema,
  createImportBody,
  importFormatSchema,
  importJobSchema,
  importProblemsSchema,
  jobIdParams,
  problemsCsvQuery,
  problemsQuery,
  resumedImportSchema,
  startedImportSchema,
} from './import-schemas';
import {
  approvedResponsibleChangeSchema,
  changeIdParams,
  fileResponsibleChangeBody,
  institutionMailboxListSchema,
  institutionMailboxSchema,
  listInstitutionMailboxesParams,
  listInstitutionMailboxesQuery,
  listResponsibleChangesQuery,
  mailboxIdParams,
  registeredInstitutionMailboxSchema,
  registerInstitutionMailboxBody,
  rejectResponsibleChangeBody,
  responsibleChangeListSchema,
  responsibleChangeSchema,
} from './institution-mailbox-schemas';
import {
  bulkInstitutionsAnswer,
  institutionCodeParams,
  institutionListSchema,
  listInstitutionsQuery,
  putInstitutionAnswer,
  putInstitutionBody,
} from './institution-schemas';
import {
  decideLateRequestBody,
  lateRequestIdParams,
  lateRequestListSchema,
  lateRequestSchema,
  lateRequestStatusBody,
  lateRequestStatusSchema,
  listLateRequestsParams,
  listLateRequestsQuery,
  startedLateRequestSchema,
  startLateRequestBody,
  verifiedLateRequestSchema,
  verifyLateRequestBody,
} from './late-request-schemas';
import {
  listSharedMailboxesQuery,
  memberSearchSchema,
  searchMembersQuery,
  sharedMailboxListSchema,
  userAccountSchema,
  userLoginParams,
} from './lookup-schemas';
import {
  createLotBody,
  institutionParams,
  listLotsQuery,
  lotDetailSchema,
  lotIdParams,
  lotListSchema,
  lotSchema,
  progressHistoryQuery,
  progressHistorySchema,
  progressSchema,
  rescheduleLotBody,
} from './lot-schemas';
import {
  createMessageBody,
  listMessagesQuery,
  messageIdParams,
  messageListSchema,
  messagePreviewSchema,
  messageSchema,
  previewQuery,
  sendMessageBody,
} from './message-schemas';
import { healthSchema } from './operations-schemas';
import {
  changePasswordBody,
  confirmForgotPasswordBody,
  forgotPasswordAnswer,
  forgotPasswordBody,
  passwordChangedSchema,
  passwordResetSchema,
} from './password-schemas';
import { phoneUpdateListSchema, phoneUpdatesCsvQuery, phoneUpdatesQuery } from './phone-update-schemas';
import { publicProfileSchema } from './profile-schemas';
import { deliveryReportQuery, deliveryReportSchema, passwordExpiryReportQuery, passwordExpiryReportSchema } from './report-schemas';
import {
  fileResetRequestBody,
  formScanLinkSchema,
  formScanUploadSchema,
  listResetRequestsParams,
  listResetRequestsQuery,
  openFormScanUploadBody,
  rejectResetRequestBody,
  resetRequestIdParams,
  resetRequestListSchema,
  resetRequestSchema,
} from './reset-schemas';
import {
  grantRoleBody,
  listRoleAssignmentsQuery,
  revokeRoleQuery,
  roleAssignmentListSchema,
  roleAssignmentParams,
  roleAssignmentSchema,
  roleAssignmentSubParams,
} from './role-schemas';
import {
  auditTrailQuery,
  auditTrailSchema,
  memberStatusSchema,
  progressReportQuery,
  progressReportSchema,
  registerSharedMailboxBody,
  setDelegationBody,
  sharedMailboxParams,
  sharedMailboxSchema,
  supportCodeAnswer,
  supportMemberParams,
  supportReasonBody,
  supportResetSchema,
  unlockedSchema,
  verifySupportCodeBody,
} from './support-schemas';

/** Request and response schemas per catalog route id; the OpenAPI document is built from these. */
export interface RouteDoc {
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  /** Success status → schema (undefined: no body). */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  /** Error statuses this route may answer with, beyond the common 400/401/500. */
  problems?: number[];
}

export const ROUTE_DOCS: Record<string, RouteDoc> = {
  health: {
    responses: { 200: { description: 'Posta and its table answer', schema: healthSchema } },
    problems: [503],
  },
  openapi: { responses: { 200: { description: 'The OpenAPI 3.1 document' } } },
  getProfile: {
    responses: { 200: { description: 'What the console shows before sign-in (nothing secret)', schema: publicProfileSchema } },
  },
  getMe: { responses: { 200: { description: 'The signed-in user', schema: meSchema } }, problems: [403] },
  sendActivationNotices: {
    params: activationNoticeParams,
    body: activationNoticeBody,
    responses: {
      202: { description: 'Notices queued; each opens the member’s window (an open one is not extended)', schema: activationNoticeAnswer },
    },
    problems: [403],
  },
  reopenActivationWindow: {
    params: memberParams,
    body: reopenWindowBody,
    responses: { 200: { description: 'The window is open again from now; the notice is sent again', schema: reopenedWindowSchema } },
    // 404 `member_not_found`; 409 `activation_window_not_expired`.
    problems: [403, 404, 409],
  },
  confirmChannelChange: {
    params: channelChangeParams,
    body: confirmChannelChangeBody,
    responses: {
      200: {
        description: 'The hold is over: credentials and codes go to the new phone or address again',
        schema: confirmedChannelChangeSchema,
      },
    },
    // 404 `member_not_found`; 409 `channel_change_not_held`.
    problems: [403, 404, 409],
  },
  startActivation: {
    body: startActivationBody,
    responses: { 202: { description: 'The same answer whether or not the details match a member', schema: startedActivationSchema } },
    // 400 `phone_country_not_allowed`; 429 `too_many_requests_from_network`, `too_many_requests_for_number_range`,
    // `sms_budget_exhausted` (publicSms budgets), `too_many_requests` (1 a minute per phone, 5 a day per national ID) — for everyone alike.
    problems: [429],
  },
  confirmActivation: {
    params: attemptParams,
    body: confirmActivationBody,
    responses: { 200: { description: 'Account created; the temporary password is on its way by SMS', schema: activatedSchema } },
    // 400 `code_invalid`, `code_expired`, `code_used`; 409 `activation_window_closed`, `already_activated`,
    // `channel_recently_changed` (`clearsAt`: the phone changed since the code was sent);
    // 429 `too_many_attempts` (the attempt's 5 tries spent; the source's 20 wrong codes an hour; or the
    // member locked for 24 hours by 5 wrong codes on attempts whose code reached their phone).
    problems: [409, 429],
  },
  forgotPassword: {
    body: forgotPasswordBody,
    responses: {
      202: {
        description:
          'Accepted: a code is sent by SMS or to the verified alternate email if the login exists and has that channel (the same answer either way, no sooner than 600 ms)',
        schema: forgotPasswordAnswer,
      },
    },
    // 429 `too_many_requests_from_network`, `sms_budget_exhausted` (publicSms budgets, every login alike); `too_many_requests`: 3 requests an hour per login, or Cognito's own limits.
    problems: [429],
  },
  confirmForgotPassword: {
    body: confirmForgotPasswordBody,
    responses: { 200: { description: 'The new password is set', schema: passwordResetSchema } },
    // 400 `code_invalid` (also for an unknown login), `code_expired`, `password_policy`; 429 `too_many_requests`,
    // `too_many_attempts` (an emailed code after its fifth wrong try).
    problems: [429],
  },
  changeMyPassword: {
    body: changePasswordBody,
    responses: { 200: { description: 'The new password is set', schema: passwordChangedSchema } },
    // 400 `current_password_invalid`, `password_policy`; 429 `too_many_requests`.
    problems: [403, 429],
  },
  setMyAlternateEmail: {
    body: setAlternateEmailBody,
    responses: {
      202: {
        description: 'A code is on its way to the address (the same one again while it is valid)',
        schema: alternateEmailCodeSentSchema,
      },
    },
    // 400 `email_invalid`, `alternate_email_domain` (field body.email); 409 `alternate_email_already_verified`; 429 `too_many_requests`.
    problems: [403, 409, 429],
  },
  verifyMyAlternateEmail: {
    body: verifyAlternateEmailBody,
    responses: {
      200: { description: 'The address is verified; reset codes go to it from `resetCodesFrom`', schema: alternateEmailVerifiedSchema },
    },
    // 400 `code_invalid`, `code_expired`; 409 `alternate_email_not_pending`, `alternate_email_changed`; 429 `too_many_attempts`.
    problems: [403, 409, 429],
  },
  removeMyAlternateEmail: {
    responses: { 204: { description: 'Removed (or there was none): reset codes go by SMS only' } },
    problems: [403, 409],
  },
  createImport: {
    body: createImportBody,
    responses: { 201: { description: 'The job, and where to PUT the file', schema: createdImportSchema } },
    // 400 `institution_unknown` (an operator naming an unregistered institution), a bad `mapping`.
    problems: [403],
  },
  getImportFormat: {
    responses: {
      200: { description: 'Columns, categories, languages, encodings and limits of this deployment', schema: importFormatSchema },
    },
    problems: [403],
  },
  getImportTemplate: {
    responses: { 200: { description: 'text/csv (UTF-8 with BOM, `;`-separated): the header row in the profile’s language' } },
    problems: [403],
  },
  exportImportProblems: {
    params: jobIdParams,
    query: problemsCsvQuery,
    responses: {
      200: { description: 'text/csv `row,field,code,message` (UTF-8 with BOM); the next page’s cursor in the `x-next-cursor` header' },
    },
    // 400 `cursor_invalid`.
    problems: [403, 404],
  },
  putInstitution: {
    params: institutionCodeParams,
    body: putInstitutionBody,
    responses: {
      200: { description: 'Updated, or already exactly this (`changed: false`)', schema: putInstitutionAnswer },
      201: { description: 'Registered', schema: putInstitutionAnswer },
    },
    // 400 `institution_code_format` (not this ministry’s code shape), `name_unsafe_characters`, `region_invalid`;
    // 409 `institution_changed` (written by someone else at the same moment).
    problems: [403, 409],
  },
  listInstitutions: {
    query: listInstitutionsQuery,
    responses: { 200: { description: 'Registered institutions in the caller’s reach, by code', schema: institutionListSchema } },
    // 400 `cursor_invalid`.
    problems: [403],
  },
  registerInstitutions: {
    responses: {
      200: {
        description:
          'Request body: text/csv with columns `code`, `name`, `city`, `region` (it/ru/tr header names accepted). All or nothing: a 400 lists every row problem and nothing is written',
        schema: bulkInstitutionsAnswer,
      },
    },
    // 400 row problems (`institution_code_format`, `duplicate_in_file`, `required`, …), `encoding_invalid`;
    // 413 `file_too_large`; 415 `unsupported_media_type`.
    problems: [403, 413, 415],
  },
  startImport: {
    params: jobIdParams,
    responses: { 202: { description: 'Processing starts', schema: startedImportSchema } },
    problems: [403, 404, 409, 413],
  },
  resumeImport: {
    params: jobIdParams,
    responses: { 202: { description: 'The next chunk is back on the queue', schema: resumedImportSchema } },
    problems: [403, 404, 409],
  },
  getImport: {
    params: jobIdParams,
    responses: { 200: { description: 'The job and its counts', schema: importJobSchema } },
    problems: [403, 404],
  },
  listImportProblems: {
    params: jobIdParams,
    query: problemsQuery,
    responses: { 200: { description: 'Rejected rows, one problem per field, in row order', schema: importProblemsSchema } },
    problems: [403, 404],
  },
  createLot: {
    body: createLotBody,
    responses: { 201: { description: 'The lot, with the number of members put in it', schema: lotSchema } },
    problems: [403],
  },
  listLots: { query: listLotsQuery, responses: { 200: { description: 'Lots by launch time', schema: lotListSchema } }, problems: [403] },
  getLot: {
    params: lotIdParams,
    responses: { 200: { description: 'The lot and its counters', schema: lotDetailSchema } },
    problems: [403, 404],
  },
  resumeLot: {
    params: lotIdParams,
    responses: { 202: { description: 'The lot is launching again; its counters as they were', schema: lotDetailSchema } },
    problems: [403, 404, 409],
  },
  rescheduleLot: {
    params: lotIdParams,
    body: rescheduleLotBody,
    responses: { 200: { description: 'The lot with its new launch time', schema: lotSchema } },
    problems: [403, 404, 409],
  },
  cancelLot: {
    params: lotIdParams,
    responses: { 200: { description: 'The cancelled lot', schema: lotSchema } },
    problems: [403, 404, 409],
  },
  getLotProgress: {
    params: lotIdParams,
    responses: { 200: { description: 'Counts by state', schema: progressSchema } },
    problems: [403, 404],
  },
  getInstitutionProgress: {
    params: institutionParams,
    responses: { 200: { description: 'Counts by state', schema: progressSchema } },
    problems: [403],
  },
  getInstitutionProgressHistory: {
    params: institutionParams,
    query: progressHistoryQuery,
    responses: { 200: { description: 'Counts by state, one entry per UTC day with a snapshot', schema: progressHistorySchema } },
    problems: [400, 403],
  },
  exportInstitutionMembers: {
    params: institutionParams,
    responses: { 200: { description: 'text/csv (UTF-8 with BOM), one member a line' } },
    problems: [403],
  },
  startLateRequest: {
    body: startLateRequestBody,
    responses: { 202: { description: 'A code is on its way by SMS (the same answer for everyone)', schema: startedLateRequestSchema } },
    // 400 `phone_country_not_allowed` (publicSms.countries); 429 `too_many_requests_from_network`,
    // `too_many_requests_for_number_range`, `sms_budget_exhausted` (publicSms budgets), `too_many_requests`
    // (at most 3 codes an hour per phone and per national ID).
    problems: [429],
  },
  verifyLateRequest: {
    params: lateRequestIdParams,
    body: verifyLateRequestBody,
    responses: {
      200: {
        description: 'Confirmed: the school admin decides next, or, for a member on record, the phone on record is told (the same answer)',
        schema: verifiedLateRequestSchema,
      },
    },
    // 400 `code_invalid`; 404; 409 `code_expired`, `request_already_verified`; 429 `too_many_attempts`.
    problems: [404, 409, 429],
  },
  lateRequestStatus: {
    body: lateRequestStatusBody,
    responses: { 200: { description: 'The decision so far, for the holder of the status token', schema: lateRequestStatusSchema } },
    // 404 `late_request_status_unknown` (any token nobody was given, or past its year); 429
    // `too_many_requests_from_network` (120 lookups an hour from one source).
    problems: [404, 429],
  },
  listLateRequests: {
    params: listLateRequestsParams,
    query: listLateRequestsQuery,
    responses: { 200: { description: 'Late requests, oldest first', schema: lateRequestListSchema } },
    problems: [403],
  },
  decideLateRequest: {
    params: lateRequestIdParams,
    body: decideLateRequestBody,
    responses: { 200: { description: 'The decided request (approved: with memberId, address and lotId)', schema: lateRequestSchema } },
    // 409 `already_decided`, `request_not_verified`, `already_member`, `address_taken`.
    problems: [403, 404, 409],
  },
  fileResetRequest: {
    body: fileResetRequestBody,
    responses: {
      201: {
        description: 'Filed: `done` at once where the recorded form is the approval, else `awaiting-approval`',
        schema: resetRequestSchema,
      },
    },
    // 403 `institution_out_of_scope` (audited); 404 `member_not_found`, `institution_mailbox_not_found`; 409 `form_already_filed`,
    // `member_not_resettable`, `no_account`, `responsible_unavailable` (a mailbox's person left),
    // `channel_recently_changed` (`clearsAt`: nothing is filed while a changed phone is held).
    problems: [403, 404, 409],
  },
  approveResetRequest: {
    params: resetRequestIdParams,
    responses: {
      200: { description: 'Approved and consumed: the member has a new temporary password by SMS', schema: resetRequestSchema },
    },
    // 403 `institution_out_of_scope`, `same_person` (audited); 409 `already_decided`, `already_consumed`, `request_expired`,
    // `form_scan_required` (the profile requires the form's scan and none is confirmed),
    // `channel_recently_changed` (`clearsAt`; the request stays approved: approve again once the hold is over).
    problems: [403, 404, 409],
  },
  rejectResetRequest: {
    params: resetRequestIdParams,
    body: rejectResetRequestBody,
    responses: { 200: { description: 'The rejected request', schema: resetRequestSchema } },
    problems: [403, 404, 409],
  },
  getResetRequest: {
    params: resetRequestIdParams,
    responses: { 200: { description: 'The request', schema: resetRequestSchema } },
    problems: [403, 404],
  },
  listResetRequests: {
    params: listResetRequestsParams,
    query: listResetRequestsQuery,
    responses: { 200: { description: 'Reset requests in one state, oldest first', schema: resetRequestListSchema } },
    problems: [403],
  },
  // The signed form's scan. 403 `institution_out_of_scope` (audited) on another institution's request.
  openFormScanUpload: {
    params: resetRequestIdParams,
    body: openFormScanUploadBody,
    responses: {
      201: { description: 'PUT the scan to `upload.url` with `upload.headers`, then confirm it', schema: formScanUploadSchema },
    },
    // 409 `reset_request_closed` (rejected, expired or failed), `form_scan_already_attached`; 413 `form_scan_too_large`.
    problems: [403, 404, 409, 413],
  },
  confirmFormScan: {
    params: resetRequestIdParams,
    responses: { 200: { description: 'The request with `form.scan` recorded (type, size, time)', schema: resetRequestSchema } },
    // 409 `form_scan_upload_missing`, `reset_request_closed`, `form_scan_already_attached`; 413 `form_scan_too_large`;
    // 415 `form_scan_type_unsupported` (not PDF/PNG/JPEG, or its first bytes are not one); a refused upload is deleted.
    problems: [403, 404, 409, 413, 415],
  },
  getFormScan: {
    params: resetRequestIdParams,
    responses: { 200: { description: 'A short-lived URL of the scan (audited as viewed)', schema: formScanLinkSchema } },
    // 404 `form_scan_not_found` (none confirmed, or expired by the bucket); 409 `form_scan_changed`.
    problems: [403, 404, 409],
  },
  // Institution mailboxes. 403 `institution_out_of_scope` (audited) on another institution's.
  registerInstitutionMailbox: {
    body: registerInstitutionMailboxBody,
    responses: {
      201: {
        description: 'Registered: the account exists and its first temporary password went by SMS to the responsible person (never shown)',
        schema: registeredInstitutionMailboxSchema,
      },
    },
    // 400 `address_domain`, `institution_unknown`, `responsible_not_member`; 409 `address_taken`, `concurrent_change`.
    problems: [403, 409],
  },
  listInstitutionMailboxes: {
    params: listInstitutionMailboxesParams,
    query: listInstitutionMailboxesQuery,
    responses: { 200: { description: 'The institution’s mailboxes by address', schema: institutionMailboxListSchema } },
    problems: [403],
  },
  getInstitutionMailbox: {
    params: mailboxIdParams,
    responses: { 200: { description: 'The mailbox', schema: institutionMailboxSchema } },
    problems: [403, 404],
  },
  fileResponsibleChange: {
    params: mailboxIdParams,
    body: fileResponsibleChangeBody,
    responses: { 201: { description: 'Filed, awaiting someone else’s approval', schema: responsibleChangeSchema } },
    // 400 `responsible_not_member`; 404 `institution_mailbox_not_found`; 409 `already_responsible`.
    problems: [403, 404, 409],
  },
  approveResponsibleChange: {
    params: changeIdParams,
    responses: {
      200: {
        description: 'Approved and applied; the new person is told by SMS, and the mailbox’s password is reset to them',
        schema: approvedResponsibleChangeSchema,
      },
    },
    // 403 `same_person` (audited); 409 `already_decided`, `request_expired`, `responsible_changed`, `responsible_not_member`.
    problems: [403, 404, 409],
  },
  rejectResponsibleChange: {
    params: changeIdParams,
    body: rejectResponsibleChangeBody,
    responses: { 200: { description: 'The rejected request', schema: responsibleChangeSchema } },
    problems: [403, 404, 409],
  },
  listResponsibleChanges: {
    params: listInstitutionMailboxesParams,
    query: listResponsibleChangesQuery,
    responses: { 200: { description: 'Changes in one state, oldest first', schema: responsibleChangeListSchema } },
    problems: [403],
  },
  getForwarding: {
    params: forwardingParams,
    responses: { 200: { description: 'Forward to `to` until `until`', schema: forwardingSchema } },
    // 404 `forwarding_not_found` (unknown, not launched yet or expired, alike) or `forwarding_not_offered`.
    problems: [403, 404],
  },
  listForwardings: {
    query: listForwardingsQuery,
    responses: { 200: { description: 'Open forwardings, by lot and member; a page may be short', schema: forwardingListSchema } },
    problems: [403, 404],
  },
  exportForwardings: {
    query: exportForwardingsQuery,
    responses: { 200: { description: 'text/csv `from,to,until`; the next page’s cursor in the `x-next-cursor` header' } },
    problems: [403, 404],
  },
  // Mailing groups: 403 `institution_out_of_scope` (audited as refused), 404 `group_not_found`.
  exportGroups: {
    query: exportGroupsQuery,
    responses: {
      200: { description: 'Lists with owners and members (addresses); tombstones in changed-since', schema: groupExportSchema },
    },
    // 400 `cursor_invalid`; 403 `insufficient_scope` (not a `posta/groups.read` machine token).
    problems: [403],
  },
  createGroup: {
    body: createGroupBody,
    responses: { 201: { description: 'The new list', schema: groupSchema } },
    // 400 `group_name_invalid`, `group_name_reserved`, `member_ref_invalid`; 404 `member_not_found` (an owner); 409 `address_taken`.
    problems: [403, 404, 409],
  },
  listInstitutionGroups: {
    params: institutionGroupsParams,
    query: listGroupsQuery,
    responses: { 200: { description: 'The institution’s lists', schema: groupListSchema } },
    problems: [403],
  },
  getGroup: {
    params: groupIdParams,
    responses: { 200: { description: 'The list with its members', schema: groupDetailSchema } },
    problems: [403, 404],
  },
  updateGroup: {
    params: groupIdParams,
    body: updateGroupBody,
    responses: { 200: { description: 'The changed list', schema: groupSchema } },
    // 400 `member_ref_invalid`; 404 `member_not_found` (an owner).
    problems: [403, 404],
  },
  deleteGroup: {
    params: groupIdParams,
    responses: { 204: { description: 'Deleted: gone from the institution’s lists, a tombstone in the export' } },
    problems: [403, 404],
  },
  putGroupMember: {
    params: groupMemberParams,
    responses: {
      201: { description: 'Added', schema: groupMemberAddedSchema },
      200: { description: 'Already on the list (nothing changed)', schema: groupMemberAddedSchema },
    },
    // 400 `member_ref_invalid`; 404 `member_not_found`.
    problems: [403, 404],
  },
  removeGroupMember: {
    params: groupMemberParams,
    responses: { 204: { description: 'Removed' } },
    // 404 `not_a_member`, `member_not_found`.
    problems: [403, 404],
  },
  requestToJoinGroup: {
    params: groupIdParams,
    responses: { 201: { description: 'The request, pending a moderator', schema: joinRequestSchema } },
    // 403 `not_staff_member` (the login is on no member); 409 `already_member`, `join_request_pending`.
    problems: [403, 404, 409],
  },
  listGroupJoinRequests: {
    params: groupIdParams,
    query: listJoinRequestsQuery,
    responses: { 200: { description: 'Requests, oldest first', schema: joinRequestListSchema } },
    problems: [403, 404],
  },
  decideGroupJoinRequest: {
    params: decideJoinRequestParams,
    body: decideJoinRequestBody,
    responses: { 200: { description: 'The decided request (approved: the member is on the list)', schema: joinRequestSchema } },
    // 404 `join_request_not_found`; 409 `already_decided`.
    problems: [403, 404, 409],
  },
  // Support desk: 400 `reason_required` on writes; 403 `institution_out_of_scope` (audited as refused).
  supportVerifyCode: {
    body: verifySupportCodeBody,
    responses: { 200: { description: 'Whether the code is the member’s', schema: supportCodeAnswer } },
    problems: [403, 404, 429],
  },
  supportGetMember: {
    params: supportMemberParams,
    responses: { 200: { description: 'The account as the desk sees it', schema: memberStatusSchema } },
    problems: [403, 404],
  },
  supportMemberAudit: {
    params: supportMemberParams,
    query: auditTrailQuery,
    responses: { 200: { description: 'Audit records about the member, newest first', schema: auditTrailSchema } },
    problems: [403, 404],
  },
  supportUnlockMember: {
    params: supportMemberParams,
    body: supportReasonBody,
    responses: { 200: { description: 'Account enabled, activation lock cleared', schema: unlockedSchema } },
    problems: [403, 404],
  },
  supportResetPassword: {
    params: supportMemberParams,
    body: supportReasonBody,
    responses: { 200: { description: 'A temporary password went by SMS (never in this answer)', schema: supportResetSchema } },
    // 409 `no_account`, `member_not_resettable`, `channel_recently_changed` (`clearsAt`); 429 `reset_just_sent` (one a minute per member).
    problems: [403, 404, 409, 429],
  },
  registerSharedMailbox: {
    body: registerSharedMailboxBody,
    responses: { 201: { description: 'The registered shared mailbox', schema: sharedMailboxSchema } },
    // 409 `shared_mailbox_exists`.
    problems: [403, 409],
  },
  listSharedMailboxes: {
    query: listSharedMailboxesQuery,
    responses: { 200: { description: 'Shared mailboxes by institution and address', schema: sharedMailboxListSchema } },
    // 400 `institution_required` (a regional agent names one), `cursor_invalid`; 403 out of reach (audited).
    problems: [400, 403],
  },
  searchMembers: {
    query: searchMembersQuery,
    responses: { 200: { description: 'Matching members within the caller’s scope, masked', schema: memberSearchSchema } },
    // 400 `institution_required`, `query_too_short`, `cursor_invalid`; 403 `institution_out_of_scope` (audited).
    // An exact login or national ID out of scope answers an empty list, as an unknown one does.
    problems: [400, 403],
  },
  findUser: {
    params: userLoginParams,
    responses: { 200: { description: 'The account, with the `sub` role assignments take', schema: userAccountSchema } },
    problems: [403, 404],
  },
  supportGetDelegation: {
    params: sharedMailboxParams,
    responses: { 200: { description: 'The current model and its switches, newest first', schema: sharedMailboxSchema } },
    problems: [403, 404],
  },
  supportSetDelegation: {
    params: sharedMailboxParams,
    body: setDelegationBody,
    responses: {
      200: { description: 'The mailbox after the switch (`changed: false` if it was already so)', schema: sharedMailboxSchema },
    },
    // 409 `concurrent_change`.
    problems: [403, 404, 409],
  },
  supportProgressReport: {
    query: progressReportQuery,
    responses: { 200: { description: 'Counts by state, from counters', schema: progressReportSchema } },
    problems: [403],
  },
  grantRole: {
    params: roleAssignmentSubParams,
    body: grantRoleBody,
    responses: {
      200: { description: 'The assignment, effective at once; the user is signed out everywhere', schema: roleAssignmentSchema },
    },
    // 400 `scope_mismatch`: the role needs an institution (or a reach, for support) and got the other.
    problems: [400, 403, 404],
  },
  revokeRole: {
    params: roleAssignmentParams,
    query: revokeRoleQuery,
    responses: { 204: { description: 'The role is revoked (idempotent), in the institution named or everywhere' } },
    // 409 `own_operator_role`: an operator cannot revoke their own operator role.
    problems: [400, 403, 404, 409],
  },
  listRoleAssignments: {
    query: listRoleAssignmentsQuery,
    responses: { 200: { description: 'Assignments of the role, by institution', schema: roleAssignmentListSchema } },
    problems: [400, 403],
  },
  deliveryReport: {
    query: deliveryReportQuery,
    responses: { 200: { description: 'Delivery counts of the month, from counters', schema: deliveryReportSchema } },
    problems: [400, 403],
  },
  passwordExpiryReport: {
    query: passwordExpiryReportQuery,
    responses: { 200: { description: 'Password-expiry status, from counters and the deadline index', schema: passwordExpiryReportSchema } },
    problems: [400, 403],
  },
  // Audit trail. Retention is per profile (`auditRetentionDays`): every record carries its TTL
  // (`expiresAt`), after which DynamoDB deletes it — older records are simply not there.
  // 400 `one_subject_required`, `range_invalid`, `range_too_long` (institution: over 31 days),
  // `cursor_invalid`; 403 `institution_out_of_scope` / `operators_only` (audited as refused).
  queryAudit: {
    query: auditQuery,
    responses: {
      200: {
        description: 'Records newest first; by institution, the 8 shards of each day merged by `at` (chain order within a shard)',
        schema: auditPageSchema,
      },
    },
    problems: [403],
  },
  exportAudit: {
    query: auditCsvQuery,
    responses: { 200: { description: 'text/csv (UTF-8 with BOM), one record a line; the next page’s cursor in `x-next-cursor`' } },
    problems: [403],
  },
  // Staff without a usable mobile (issue #17): 400 `cursor_invalid` for a cursor of another list.
  listPhoneUpdates: {
    params: institutionParams,
    query: phoneUpdatesQuery,
    responses: {
      200: { description: 'The people on the institution’s phone-update list, with the reason', schema: phoneUpdateListSchema },
    },
    problems: [403],
  },
  exportPhoneUpdates: {
    params: institutionParams,
    query: phoneUpdatesCsvQuery,
    responses: {
      200: { description: 'text/csv (UTF-8 with BOM, formula-safe), one person a line; the next page’s cursor in `x-next-cursor`' },
    },
    problems: [403],
  },
  // Messages to staff (issue #17 part 2). 400: `text_required` (the default language's subject and
  // body), `placeholder_unknown`, `sms_too_long` (over 5 parts), `selection_empty`, `member_not_found`,
  // `institution_unknown`, `member_not_selected` (preview), `send_at_past`; 403 `institution_out_of_scope`,
  // `same_person` (approval); 404 `message_not_found`; 409 `message_not_draft`,
  // `message_not_awaiting_approval`, `message_not_cancellable`.
  createMessage: {
    body: createMessageBody,
    responses: { 201: { description: 'A draft, with the size of its selection and the SMS parts per language', schema: messageSchema } },
    problems: [403],
  },
  listMessages: {
    query: listMessagesQuery,
    responses: {
      200: {
        description: 'Messages newest first, without their bodies: those the caller may open (every institution of the selection in scope)',
        schema: messageListSchema,
      },
    },
    problems: [400, 403],
  },
  getMessage: {
    params: messageIdParams,
    responses: { 200: { description: 'The message, its state and delivery report', schema: messageSchema } },
    problems: [403, 404],
  },
  previewMessage: {
    params: messageIdParams,
    query: previewQuery,
    responses: { 200: { description: 'Subject, body and SMS as this recipient gets them', schema: messagePreviewSchema } },
    problems: [403, 404],
  },
  sendMessage: {
    params: messageIdParams,
    body: sendMessageBody,
    responses: { 202: { description: 'Scheduled (or awaiting a second operator’s approval)', schema: messageSchema } },
    problems: [403, 404, 409],
  },
  approveMessage: {
    params: messageIdParams,
    responses: { 200: { description: 'Approved: scheduled', schema: messageSchema } },
    problems: [403, 404, 409],
  },
  cancelMessage: {
    params: messageIdParams,
    responses: { 200: { description: 'Cancelled: nothing of it is sent', schema: messageSchema } },
    problems: [403, 404, 409],
  },
  verifyAudit: {
    body: verifyAuditBody,
    responses: {
      200: { description: 'Per-shard chain report of the day; `firstBreak` names the first broken link', schema: verifyAuditSchema },
    },
    problems: [403],
  },
};
