/**
 * The vendor side of the fan-out benchmark in its own process: the Resend, Twilio and push-service fakes
 * parse megabytes of batch JSON and decrypt every push, work that real vendors do on their own machines and
 * that must not compete with the delivery worker for its thread. Driven over IPC by bench/fanout.ts.
 */
import { startPushServiceFake } from "@/test/fakes/push-service-fake";
import { startResendFake } from "@/test/fakes/resend-fake";
import { startTwilioFake } from "@/test/fakes/twilio-fake";

export type VendorRequest = { id: number } & ({ type: "subscribe"; count: number; applicationServerKey: string } | { type: "stats" } | { type: "close" });

export interface VendorStats {
  emailRecipients: string[];
  smsRecipients: string[];
  pushSubscriptions: string[];
  /** Epoch ms of every Resend POST, in order. */
  resendCalls: number[];
}

const requestsPerSecond = Number(process.argv[2] ?? 5);
const [resend, twilio, push] = await Promise.all([startResendFake({ requestsPerSecond }), startTwilioFake({ maxConcurrent: 10 }), startPushServiceFake()]);
const reply = (id: number, result: unknown) => process.send!({ id, result });

process.on("message", async (request: VendorRequest) => {
  if (request.type === "subscribe") {
    reply(request.id, Array.from({ length: request.count }, () => push.subscribe({ applicationServerKey: request.applicationServerKey }).json));
  } else if (request.type === "stats") {
    const stats: VendorStats = {
      emailRecipients: resend.emails.flatMap((email) => email.to),
      smsRecipients: twilio.messages.map((message) => message.to),
      pushSubscriptions: push.received.map((received) => received.subscriptionId),
      resendCalls: resend.requests.filter((call) => call.method === "POST").map((call) => call.at),
    };
    reply(request.id, stats);
  } else {
    await Promise.all([resend.close(), twilio.close(), push.close()]);
    reply(request.id, null);
    process.exit(0);
  }
});
process.send!({ id: 0, result: { resend: { url: resend.url, apiKey: resend.apiKey }, twilio: { url: twilio.url, accountSid: twilio.accountSid, authToken: twilio.authToken } } });
