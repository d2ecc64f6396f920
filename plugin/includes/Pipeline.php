<?php
/**
 * The sales pipeline, read from pipeline.json (declared once, shared with the sidecar and the UI).
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * Stage slugs, labels and groups. No stage is spelled in PHP.
 */
final class Pipeline {

	/**
	 * Decoded pipeline.json, once per request.
	 *
	 * @var array|null
	 */
	private static $data = null;

	/**
	 * The decoded file: default, stages[] and automatic{}.
	 *
	 * @return array{default:string, stages:array<int,array{slug:string,label:string,group:string}>, automatic:array<string,string[]>}
	 */
	public static function data(): array {
		if ( null !== self::$data ) {
			return self::$data;
		}
		$decoded = Contract::read( 'pipeline.json' );

		$stages = array();
		foreach ( (array) ( $decoded['stages'] ?? array() ) as $stage ) {
			if ( ! is_array( $stage ) || empty( $stage['slug'] ) || ! is_string( $stage['slug'] ) ) {
				continue;
			}
			$stages[] = array(
				'slug'  => $stage['slug'],
				'label' => isset( $stage['label'] ) && is_string( $stage['label'] ) ? $stage['label'] : $stage['slug'],
				'group' => isset( $stage['group'] ) && is_string( $stage['group'] ) ? $stage['group'] : '',
			);
		}

		$default = isset( $decoded['default'] ) && is_string( $decoded['default'] ) ? $decoded['default'] : '';
		if ( '' === $default && $stages ) {
			$default = $stages[0]['slug'];
		}

		self::$data = array(
			'default'   => $default,
			'stages'    => $stages,
			'automatic' => is_array( $decoded['automatic'] ?? null ) ? $decoded['automatic'] : array(),
		);
		return self::$data;
	}

	/**
	 * Stages with translated labels, in pipeline order.
	 *
	 * @return array<int,array{slug:string,label:string,group:string}>
	 */
	public static function stages(): array {
		$stages = array();
		foreach ( self::data()['stages'] as $stage ) {
			$stage['label'] = Contract::translate( $stage['label'] );
			$stages[]       = $stage;
		}
		return $stages;
	}

	/**
	 * Stage slugs in pipeline order.
	 *
	 * @return string[]
	 */
	public static function slugs(): array {
		return array_column( self::data()['stages'], 'slug' );
	}

	/**
	 * Whether $slug names a stage.
	 *
	 * @param mixed $slug Candidate slug.
	 * @return bool
	 */
	public static function is_stage( $slug ): bool {
		return is_string( $slug ) && in_array( $slug, self::slugs(), true );
	}

	/**
	 * The stage a new lead starts in.
	 *
	 * @return string
	 */
	public static function default_stage(): string {
		return self::data()['default'];
	}

	/**
	 * Translated label of a stage; the slug itself for an unknown stage.
	 *
	 * @param string $slug Stage slug.
	 * @return string
	 */
	public static function label( string $slug ): string {
		foreach ( self::data()['stages'] as $stage ) {
			if ( $stage['slug'] === $slug ) {
				return Contract::translate( $stage['label'] );
			}
		}
		return $slug;
	}
}
