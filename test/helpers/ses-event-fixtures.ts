/**
 * SES events as the EventBridge rule delivers them to the delivery-events queue. The shape is
 * SES's event publishing record (`detail`) inside EventBridge's envelope, as AWS documents them.
 */
export function sesEvent(detailType: string, detail: Record<string, unknown>, tags: Record<string, string[]> = { memberId: ['m-abc'] }) {
  return {
    version: '0',
    id: 'e-1',
    'detail-type': detailType,
    source: 'aws.ses',
    account: '123456789012',
    time: '2027-02-01T10:00:05Z',
    region: 'eu-south-1',
    resources: ['arn:aws:ses:eu-south-1:123456789012:configuration-set/posta'],
    detail: {
      ...detail,
      mail: {
        timestamp: '2027-02-01T10:00:00.000Z',
        source: 'noreply@posta.istruzione.it',
        sendingAccountId: '123456789012',
        messageId: '0100017c-ses-message',
        destination: ['mario.rossi@istruzione.it'],
        headersTruncated: false,
        tags: { 'ses:configuration-set': ['posta'], 'ses:from-domain': ['posta.istruzione.it'], ...tags },
      },
    },
  };
}

export const sesBounce = (bounceType: string, bounceSubType: string, tags?: Record<string, string[]>) =>
  sesEvent(
    'Email Bounced',
    {
      eventType: 'Bounce',
      bounce: {
        bounceType,
        bounceSubType,
        bouncedRecipients: [
          { emailAddress: 'mario.rossi@istruzione.it', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
        ],
        timestamp: '2027-02-01T10:00:04.000Z',
        feedbackId: 'f-1',
        reportingMTA: 'dsn; mta.example.com',
      },
    },
    tags,
  );

export const sesComplaint = (tags?: Record<string, string[]>) =>
  sesEvent(
    'Email Complaint Received',
    {
      eventType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: 'mario.rossi@istruzione.it' }],
        timestamp: '2027-02-01T11:00:00.000Z',
        feedbackId: 'f-2',
        userAgent: 'ExampleCorp Feedback Loop (V0.01)',
        complaintFeedbackType: 'abuse',
        complaintSubType: null,
        arrivalDate: '2027-02-01T10:59:00.000Z',
      },
    },
    tags,
  );
