export type SecretSource = 'option' | 'env' | 'none';

export interface Provider {
	id: string;
	label: string;
	enabled: boolean;
	webhook_url: string;
	has_secret: boolean;
	secret_hint: string;
	secret_source: SecretSource;
	accept_unsigned: boolean;
	booking_url: string;
}

export interface SidecarHealth {
	reachable: boolean;
	version: string | null;
	queued: number | null;
	failed: number | null;
	message?: string;
}

export interface IntegrationsData {
	providers: Provider[];
	sidecar: SidecarHealth | null;
}

export interface NewSecretResponse {
	secret: string;
	provider: Provider | null;
}
