<?php
/**
 * The site's own colours, read from the theme's theme.json and the owner's global styles, for the
 * booking tools that let an embed take them (Cal.com's brand colour, Calendly's page colours).
 *
 * @package SolarCapture\Frontend
 */

namespace SolarCapture\Frontend;

defined( 'ABSPATH' ) || exit;

/**
 * Brand, text and background colours as #rrggbb, each only when the site defines it plainly.
 */
final class Site_Colors {

	/**
	 * Palette slugs that themes commonly give their main colour, in the order tried when the theme
	 * sets no button colour.
	 */
	private const BRAND_SLUGS = array( 'primary', 'accent', 'accent-1', 'secondary' );

	/**
	 * The colours: `brand` (the theme's button background, else a palette colour named primary or
	 * accent), `brand_text` (white or near-black, whichever reads on the brand colour), `text` and
	 * `background` (the site's body colours). Keys are left out when the site does not define them
	 * as a plain colour (a gradient, color-mix(), currentColor…).
	 *
	 * @return array<string,string>
	 */
	public static function get(): array {
		$colors = array();
		if ( function_exists( 'wp_get_global_styles' ) ) {
			$styles  = (array) wp_get_global_styles( array(), array( 'transforms' => array( 'resolve-variables' ) ) );
			$palette = self::palette();
			$brand   = self::hex( $styles['elements']['button']['color']['background'] ?? '', $palette );
			foreach ( self::BRAND_SLUGS as $slug ) {
				if ( '' !== $brand ) {
					break;
				}
				$brand = isset( $palette[ $slug ] ) ? self::hex( $palette[ $slug ], $palette ) : '';
			}
			$colors = array(
				'brand'      => $brand,
				'text'       => self::hex( $styles['color']['text'] ?? '', $palette ),
				'background' => self::hex( $styles['color']['background'] ?? '', $palette ),
			);
			if ( '' !== $brand ) {
				$colors['brand_text'] = self::readable_on( $brand );
			}
		}
		/**
		 * Filters the colours the booking calendar asks the booking tool to use (#rrggbb values;
		 * keys brand, brand_text, text, background; remove a key to keep the tool's own colour).
		 *
		 * @param array<string,string> $colors Colours found in the site's styles.
		 */
		$colors = (array) apply_filters( 'solar_capture_booking_calendar_colors', array_filter( $colors ) );
		$clean  = array();
		foreach ( array( 'brand', 'brand_text', 'text', 'background' ) as $key ) {
			$value = isset( $colors[ $key ] ) && is_string( $colors[ $key ] ) ? self::hex( $colors[ $key ], array() ) : '';
			if ( '' !== $value ) {
				$clean[ $key ] = $value;
			}
		}
		return $clean;
	}

	/**
	 * The site's colour palette, slug → value (the owner's colours over the theme's over core's).
	 *
	 * @return array<string,string>
	 */
	private static function palette(): array {
		$palette = array();
		$origins = function_exists( 'wp_get_global_settings' ) ? (array) wp_get_global_settings( array( 'color', 'palette' ) ) : array();
		foreach ( array( 'default', 'theme', 'custom' ) as $origin ) {
			foreach ( (array) ( $origins[ $origin ] ?? array() ) as $entry ) {
				if ( is_array( $entry ) && isset( $entry['slug'], $entry['color'] ) && is_string( $entry['color'] ) ) {
					$palette[ (string) $entry['slug'] ] = $entry['color'];
				}
			}
		}
		return $palette;
	}

	/**
	 * A colour as #rrggbb: a hex colour as it is, a palette reference (var:preset|color|slug or
	 * var(--wp--preset--color--slug)) through the palette; anything else ''.
	 *
	 * @param mixed                $value   A colour from theme.json or global styles.
	 * @param array<string,string> $palette Slug → value.
	 * @return string
	 */
	public static function hex( $value, array $palette ): string {
		if ( ! is_string( $value ) ) {
			return '';
		}
		$value = trim( $value );
		if ( preg_match( '/^var:preset\|color\|([a-z0-9_-]+)$/i', $value, $m ) || preg_match( '/^var\(\s*--wp--preset--color--([a-z0-9_-]+)\s*\)$/i', $value, $m ) ) {
			$value = $palette[ strtolower( $m[1] ) ] ?? '';
			if ( ! is_string( $value ) || 0 === strpos( $value, 'var' ) ) {
				return '';
			}
		}
		if ( preg_match( '/^#([0-9a-f]{3})$/i', $value, $m ) ) {
			$value = '#' . $m[1][0] . $m[1][0] . $m[1][1] . $m[1][1] . $m[1][2] . $m[1][2];
		}
		return preg_match( '/^#[0-9a-f]{6}$/i', $value ) ? strtolower( $value ) : '';
	}

	/**
	 * White or near-black, whichever contrasts more with $hex (WCAG relative luminance).
	 *
	 * @param string $hex #rrggbb.
	 * @return string
	 */
	public static function readable_on( string $hex ): string {
		$channel = static function ( string $part ): float {
			$c = hexdec( $part ) / 255;
			return $c <= 0.03928 ? $c / 12.92 : ( ( $c + 0.055 ) / 1.055 ) ** 2.4;
		};
		$l     = 0.2126 * $channel( substr( $hex, 1, 2 ) ) + 0.7152 * $channel( substr( $hex, 3, 2 ) ) + 0.0722 * $channel( substr( $hex, 5, 2 ) );
		$white = 1.05 / ( $l + 0.05 );
		$black = ( $l + 0.05 ) / ( 0.0056 + 0.05 ); // Luminance of #111111.
		return $white >= $black ? '#ffffff' : '#111111';
	}
}
