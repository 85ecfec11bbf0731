/**
 * Lightsail's default quota of static IPs an account may hold in one region (Service Quotas
 * L-BBF0F260; adjustable on AWS). The migration's pre-flight check refuses a run that would pass
 * it, and the emulator enforces it, so both agree on where the limit is.
 */
export const STATIC_IPS_PER_REGION = 5;
