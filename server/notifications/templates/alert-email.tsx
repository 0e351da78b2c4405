import { Button, Link, Section, Text } from "@react-email/components";
import type { AlertContent } from "../kinds";
import { EmailLayout, styles } from "./email-layout";

export interface AlertEmailProps {
  content: AlertContent;
  actionUrl: string;
  isOfficialLink: boolean;
  alertUrl: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
  watchName: string;
}

/** One alert, one email: the headline, the facts, one button to the official page. */
export function AlertEmail(props: AlertEmailProps) {
  const { content } = props;
  return (
    <EmailLayout
      preview={content.summary}
      heading={content.headline}
      tone={content.tone}
      footer={{
        reason: `You get this because your watch “${props.watchName}” matched.`,
        unsubscribeUrl: props.unsubscribeUrl,
        preferencesUrl: props.preferencesUrl,
      }}
    >
      <Text style={styles.text}>{content.summary}</Text>
      <Section style={{ margin: "8px 0 16px" }}>
        {content.facts.map((fact, index) => (
          <div key={`${fact.label}-${index}`}>
            <Text style={styles.factLabel}>{fact.label}</Text>
            <Text style={styles.factValue}>{fact.value}</Text>
          </div>
        ))}
      </Section>
      <Section style={{ margin: "0 0 16px" }}>
        <Button href={props.actionUrl} style={styles.button}>
          {props.isOfficialLink ? content.actionLabel : "Open the alert"}
        </Button>
      </Section>
      {content.paragraphs.map((paragraph, index) => (
        <Text key={index} style={styles.text}>
          {paragraph}
        </Text>
      ))}
      <Text style={styles.muted}>
        <Link href={props.alertUrl}>This alert in Seatwatch</Link>
      </Text>
    </EmailLayout>
  );
}
