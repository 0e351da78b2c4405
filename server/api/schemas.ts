/** Input schemas the UI reuses for client-side validation (the server checks them again). */
export { ALERT_STAGES, CHANNELS, DEFAULT_STAGES, SEGMENTS, watchFields, watchInput, type WatchInput } from "@/server/services/watches/input";
export { updateProfileInput, type UpdateProfileInput } from "@/server/services/profile-input";
export { API_TOKEN_ACCESS_OPTIONS, createApiTokenInput, type CreateApiTokenInput } from "@/server/services/token-input";
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/server/auth/policy";
export { formatMoney } from "@/server/lib/money";
export { confirmPhoneInput, ESCALATION_MINUTES, IMMINENT_MINUTES, setWebhookInput, startPhoneInput, updateSettingsInput, type ConfirmPhoneInput, type SetWebhookInput, type StartPhoneInput, type UpdateSettingsInput } from "@/server/services/delivery/inputs";
