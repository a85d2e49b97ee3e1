import { DomainError } from '../errors';

/** The code answers of both reset channels (SMS through Cognito, email through Posta): the same bodies. */
export class CodeInvalidError extends DomainError {
  constructor() {
    super(400, 'code_invalid', 'The code is not valid for this login', 'body.code');
  }
}

export class CodeExpiredError extends DomainError {
  constructor() {
    super(400, 'code_expired', 'The code has expired: ask for a new one', 'body.code');
  }
}

export class CurrentPasswordInvalidError extends DomainError {
  constructor() {
    super(400, 'current_password_invalid', 'The current password is not correct', 'body.currentPassword');
  }
}
