/**
 * The AWS SDK warns at load time that its future releases will need a newer Node. That is for
 * the maintainers, not for users' audit output; the SDK's own switch turns it off.
 */
export function silenceSdkNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
