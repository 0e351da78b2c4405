import { Hr, Link, Section, Text } from "@react-email/components";
import type { AlertContent } from "../kinds";
import { EmailLayout, styles } from "./email-layout";

export interface DigestEmailItem {
  content: AlertContent;
  actionUrl: string;
  alertUrl: string;
  /** "When" fact, repeated here so each entry stands alone. */
  when: string;
}

export interface DigestEmailProps {
  heading: string;
  intro: string;
  items: DigestEmailItem[];
  preferencesUrl: string;
  unsubscribeUrl: string;
}

/** Many alerts in one email (digest mode, or what quiet hours held overnight). */
export function DigestEmail(props: DigestEmailProps) {
  return (
    <EmailLayout
      preview={props.intro}
      heading={props.heading}
      footer={{
        reason: "You get this digest because your watches matched while delivery was held or set to digest.",
        unsubscribeUrl: props.unsubscribeUrl,
        preferencesUrl: props.preferencesUrl,
      }}
    >
      <Text style={styles.text}>{props.intro}</Text>
      {props.items.map((item, index) => (
        <Section key={index} style={{ margin: "0 0 8px" }}>
          {index > 0 ? <Hr style={{ borderColor: "#eaecf0", margin: "8px 0 16px" }} /> : null}
          <Text style={{ ...styles.text, fontWeight: 600, margin: "0 0 4px" }}>
            <Link href={item.actionUrl}>{item.content.headline}</Link>
          </Text>
          <Text style={styles.muted}>{item.when}</Text>
          <Text style={styles.text}>{item.content.summary}</Text>
          <Text style={styles.muted}>
            <Link href={item.actionUrl}>{item.content.actionLabel}</Link> · <Link href={item.alertUrl}>Alert details</Link>
          </Text>
        </Section>
      ))}
    </EmailLayout>
  );
}
