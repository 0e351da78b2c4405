/** Password rules shared by sign-up, reset and the forms. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;
