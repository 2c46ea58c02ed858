// The channel catalog's contract (Crm.ServiceModel/ChannelCatalog.cs, GET /api/channels/catalog), from the generated schema.
import type { components } from '../api/schema'

type S = components['schemas']

export type ChannelCatalog = S['ChannelCatalogDto']
export type CatalogChannel = S['ChannelInfoDto']
export type EntryKind = S['EntryKindDto']
export type ChannelSetup = S['ChannelSetupDto']
export type ChannelSettingField = S['ChannelSettingFieldDto']
export type ChannelSettingKind = S['ChannelSettingKind']

/** One option of a channel filter: the value the API takes and what a person reads. */
export interface ChannelChoice {
  value: string
  label: string
}
