/**
 * The frame every Seatwatch email shares. Inline styles only: most mail clients drop <style> blocks.
 */
import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import type { AlertTone } from "../kinds";

const TONE_COLOURS: Record<AlertTone | "neutral", string> = {
  urgent: "#b42318",
  "good-news": "#067647",
  info: "#1849a9",
  "bad-news": "#7a2e0e",
  neutral: "#344054",
};

export const styles = {
  body: { backgroundColor: "#f2f4f7", fontFamily: "Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" },
  container: { backgroundColor: "#ffffff", borderRadius: "8px", maxWidth: "560px", padding: "24px" },
  brand: { color: "#667085", fontSize: "13px", letterSpacing: "0.08em", margin: "0 0 12px", textTransform: "uppercase" as const },
  text: { color: "#101828", fontSize: "15px", lineHeight: "22px", margin: "0 0 12px" },
  muted: { color: "#667085", fontSize: "12px", lineHeight: "18px", margin: "0 0 6px" },
  button: {
    backgroundColor: "#1849a9",
    borderRadius: "6px",
    color: "#ffffff",
    display: "inline-block",
    fontSize: "15px",
    fontWeight: 600,
    padding: "12px 18px",
    textDecoration: "none",
  },
  factLabel: { color: "#667085", fontSize: "13px", margin: 0 },
  factValue: { color: "#101828", fontSize: "15px", margin: "0 0 10px" },
};

export interface EmailFooter {
  /** Why the fan gets this email. */
  reason: string;
  unsubscribeUrl?: string;
  preferencesUrl?: string;
}

export function EmailLayout(props: { preview: string; heading: string; tone?: AlertTone; footer: EmailFooter; children: ReactNode }) {
  const colour = TONE_COLOURS[props.tone ?? "neutral"];
  return (
    <Html lang="en">
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>Seatwatch</Text>
          <Heading as="h1" style={{ color: colour, fontSize: "22px", lineHeight: "28px", margin: "0 0 16px" }}>
            {props.heading}
          </Heading>
          {props.children}
          <Hr style={{ borderColor: "#eaecf0", margin: "24px 0 12px" }} />
          <Section>
            <Text style={styles.muted}>{props.footer.reason}</Text>
            {props.footer.preferencesUrl || props.footer.unsubscribeUrl ? (
              <Text style={styles.muted}>
                {props.footer.preferencesUrl ? <Link href={props.footer.preferencesUrl}>Alert settings</Link> : null}
                {props.footer.preferencesUrl && props.footer.unsubscribeUrl ? " · " : null}
                {props.footer.unsubscribeUrl ? <Link href={props.footer.unsubscribeUrl}>Unsubscribe from this watch</Link> : null}
              </Text>
            ) : null}
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
