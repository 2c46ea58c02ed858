// What each channel's card asks for, in the order an admin sets a channel up, and where its webhook URL goes.
import type { ChannelSettings, SaveChannelSettings, SocialChannel } from '../../types'

export type ChannelFieldName = keyof SaveChannelSettings
export type SecretName = 'appSecret' | 'verifyToken' | 'pageAccessToken' | 'accessToken' | 'authToken' | 'consumerSecret' | 'bearerToken'
export type ValueName = Exclude<ChannelFieldName, SecretName | 'humanAgentTagEnabled'>

interface FieldBase {
  label: string
  hint?: string
}

export interface SecretField extends FieldBase {
  kind: 'secret'
  name: SecretName
}

export interface ValueField extends FieldBase {
  kind: 'text' | 'url'
  name: ValueName
  placeholder?: string
  inputmode?: 'text' | 'numeric' | 'tel' | 'url'
  optional?: boolean
}

export interface FlagField extends FieldBase {
  kind: 'flag'
  name: 'humanAgentTagEnabled'
}

export type ChannelField = SecretField | ValueField | FlagField

export interface ChannelForm {
  /** What the channel is, under its name. */
  subtitle: string
  /** Where the webhook URL is pasted, step by step. */
  webhookHint: string
  fields: ChannelField[]
}

const apiBaseUrl = (example: string): ValueField => ({
  kind: 'url',
  name: 'apiBaseUrl',
  label: 'API base URL',
  placeholder: example,
  inputmode: 'url',
  hint: 'Where replies and the credential check go. Leave it empty to go back to the default.',
})

const appSecret: SecretField = {
  kind: 'secret',
  name: 'appSecret',
  label: 'App secret',
  hint: 'From App settings › Basic. Checks the signature of every webhook Meta sends.',
}

const verifyToken: SecretField = {
  kind: 'secret',
  name: 'verifyToken',
  label: 'Verify token',
  hint: 'Any phrase you choose: type the same one at Meta next to the callback URL.',
}

export const channelForms: Record<SocialChannel, ChannelForm> = {
  messenger: {
    subtitle: 'Facebook Messenger, through a Meta app.',
    webhookHint: 'Meta App Dashboard › Messenger › Webhooks: paste it as the Callback URL, with the verify token below.',
    fields: [
      {
        kind: 'secret',
        name: 'pageAccessToken',
        label: 'Page access token',
        hint: "The Page's token from Messenger › Settings: it sends the agents' replies.",
      },
      appSecret,
      verifyToken,
      {
        kind: 'flag',
        name: 'humanAgentTagEnabled',
        label: 'Human agent tag',
        hint: "Granted by Meta: agents may answer up to 7 days after the customer's last message instead of 24 hours.",
      },
      apiBaseUrl('https://graph.facebook.com/v23.0'),
    ],
  },
  whatsapp: {
    subtitle: 'WhatsApp Cloud API, through a Meta app.',
    webhookHint: 'Meta App Dashboard › WhatsApp › Configuration: paste it as the Callback URL, with the verify token below.',
    fields: [
      {
        kind: 'text',
        name: 'phoneNumberId',
        label: 'Phone number ID',
        placeholder: '106540352242922',
        inputmode: 'numeric',
        hint: 'From WhatsApp Manager › API Setup: the number’s ID, not the phone number itself.',
      },
      {
        kind: 'text',
        name: 'businessAccountId',
        label: 'WhatsApp Business Account ID',
        placeholder: '102290129340398',
        inputmode: 'numeric',
        hint: 'From WhatsApp Manager › API Setup: the account’s ID. WhatsApp templates are synced from it.',
        optional: true,
      },
      {
        kind: 'secret',
        name: 'accessToken',
        label: 'Access token',
        hint: 'A system user token with whatsapp_business_messaging.',
      },
      appSecret,
      verifyToken,
      apiBaseUrl('https://graph.facebook.com/v23.0'),
    ],
  },
  sms: {
    subtitle: 'Text messages through Twilio Programmable Messaging.',
    webhookHint: 'Twilio Console › Phone Numbers › your number › Messaging: paste it under “A message comes in” (HTTP POST).',
    fields: [
      {
        kind: 'text',
        name: 'accountSid',
        label: 'Account SID',
        placeholder: 'AC…',
        hint: 'From the Twilio Console, Account Info.',
      },
      {
        kind: 'secret',
        name: 'authToken',
        label: 'Auth token',
        hint: "Authenticates every send and checks the signature of Twilio's webhooks.",
      },
      {
        kind: 'text',
        name: 'fromNumber',
        label: 'From number',
        placeholder: '+15558675310',
        inputmode: 'tel',
        hint: 'The number replies come from, in international format, or a Messaging Service SID (MG…).',
      },
      {
        kind: 'url',
        name: 'publicBaseUrl',
        label: 'Public base URL',
        placeholder: 'https://crm.example.com',
        inputmode: 'url',
        optional: true,
        hint: 'When a proxy sits in front: the scheme and host Twilio calls. Twilio signs that URL, so it must match.',
      },
      apiBaseUrl('https://api.twilio.com'),
    ],
  },
  x: {
    subtitle: 'Direct Messages through the X API.',
    webhookHint: "X Developer Portal › your app's Account Activity API environment: register it as the webhook URL.",
    fields: [
      {
        kind: 'secret',
        name: 'bearerToken',
        label: 'User access token',
        hint: "An OAuth 2.0 user-context token of the business account with dm.write (an app-only token can't send DMs).",
      },
      {
        kind: 'secret',
        name: 'consumerSecret',
        label: 'Consumer secret',
        hint: "The app's API key secret: answers X's CRC check and verifies webhook signatures.",
      },
      {
        kind: 'text',
        name: 'accountId',
        label: 'Account user ID',
        placeholder: '2244994945',
        inputmode: 'numeric',
        optional: true,
        hint: "The business account's numeric ID, used to like posts. The credential check shows it.",
      },
      apiBaseUrl('https://api.x.com'),
    ],
  },
}

/** Whether a secret is set, as the server says (never its value). */
export function secretIsSet(channel: ChannelSettings, name: SecretName): boolean {
  const key = `${name}Set` as const
  return channel[key] === true
}

/** A non-secret setting's value as the server says. */
export function valueOf(channel: ChannelSettings, name: ValueName): string {
  return channel[name] ?? ''
}
