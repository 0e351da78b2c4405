import { Button, Link, Section, Text } from "@react-email/components";
import { EmailLayout, styles } from "./email-layout";

export interface AccountEmailProps {
  heading: string;
  paragraphs: string[];
  actionLabel: string;
  actionUrl: string;
  footnote: string;
}

/** Verification, password reset and email change: one action, no unsubscribe (they are not marketing). */
export function AccountEmail(props: AccountEmailProps) {
  return (
    <EmailLayout preview={props.paragraphs[0] ?? props.heading} heading={props.heading} footer={{ reason: props.footnote }}>
      {props.paragraphs.map((paragraph, index) => (
        <Text key={index} style={styles.text}>
          {paragraph}
        </Text>
      ))}
      <Section style={{ margin: "8px 0 16px" }}>
        <Button href={props.actionUrl} style={styles.button}>
          {props.actionLabel}
        </Button>
      </Section>
      <Text style={styles.muted}>
        If the button does not work, open this link: <Link href={props.actionUrl}>{props.actionUrl}</Link>
      </Text>
    </EmailLayout>
  );
}
