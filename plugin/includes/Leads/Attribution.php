<?php
/**
 * A quote request's attribution: the visit's UTM parameters, landing page and referrer, as the
 * lead's first touch (once) and latest touch (every submission).
 *
 * @package SolarCapture
 */

namespace SolarCapture\Leads;

defined( 'ABSPATH' ) || exit;

/**
 * Reads the quote form's hidden attribution fields (filled by the form's script from the visit's
 * first page, or by the server from the page it rendered) and turns them into lead columns.
 */
final class Attribution {

	/** Form field => column suffix (first_<suffix>, last_<suffix>). */
	public const FIELDS = array(
		'sc_utm_source'   => 'utm_source',
		'sc_utm_medium'   => 'utm_medium',
		'sc_utm_campaign' => 'utm_campaign',
		'sc_utm_term'     => 'utm_term',
		'sc_utm_content'  => 'utm_content',
		'sc_landing_page' => 'landing_page',
		'sc_referrer'     => 'referrer',
	);

	/**
	 * Run in the head of every front-end page: the tab's first page of the visit is kept once in
	 * sessionStorage (utm_* of its URL, the URL, a referrer from another site); the quote form's
	 * script copies it into the form's hidden fields.
	 */
	public const TOUCH_SCRIPT = '(function(){try{var k="solarCaptureTouch",s=window.sessionStorage;if(s.getItem(k)){return;}'
		. 'var q=new URLSearchParams(location.search),r=document.referrer,t={sc_landing_page:location.href.split("#")[0],'
		. 'sc_referrer:r&&new URL(r).host!==location.host?r:""};'
		. '["source","medium","campaign","term","content"].forEach(function(n){t["sc_utm_"+n]=q.get("utm_"+n)||"";});'
		. 's.setItem(k,JSON.stringify(t));}catch(e){}})();';

	/** The suffixes that hold a URL: kept only for http(s). */
	private const URLS = array( 'landing_page', 'referrer' );

	/**
	 * The touch a submission carries, by column suffix; null when it carries none.
	 *
	 * @param array $input Raw form input.
	 * @return array<string,string>|null
	 */
	public static function from_input( array $input ): ?array {
		$touch = array();
		foreach ( self::FIELDS as $field => $suffix ) {
			$raw = isset( $input[ $field ] ) && is_scalar( $input[ $field ] ) ? trim( (string) $input[ $field ] ) : '';
			$max = (int) Lead_Fields::max_length( 'first_' . $suffix );
			if ( in_array( $suffix, self::URLS, true ) ) {
				$url   = preg_match( '#^https?://#i', $raw ) ? esc_url_raw( $raw, array( 'http', 'https' ) ) : '';
				$value = strlen( $url ) <= $max ? $url : '';
			} else {
				$value = mb_substr( sanitize_text_field( $raw ), 0, $max );
			}
			$touch[ $suffix ] = $value;
		}
		return array_filter( $touch, 'strlen' ) ? $touch : null;
	}

	/**
	 * The touch as the page the server renders sees it: its query's utm_* and its URL, and the
	 * referrer the browser sent (what a form without JavaScript keeps).
	 *
	 * @param string $url      The page's URL.
	 * @param string $referrer The Referer header.
	 * @return array<string,string> Form field => value.
	 */
	public static function of_page( string $url, string $referrer ): array {
		$query = array();
		wp_parse_str( (string) wp_parse_url( $url, PHP_URL_QUERY ), $query );
		$out = array();
		foreach ( self::FIELDS as $field => $suffix ) {
			if ( 'landing_page' === $suffix ) {
				$out[ $field ] = $url;
			} elseif ( 'referrer' === $suffix ) {
				$out[ $field ] = $referrer;
			} else {
				$out[ $field ] = isset( $query[ $suffix ] ) && is_string( $query[ $suffix ] ) ? $query[ $suffix ] : '';
			}
		}
		return $out;
	}

	/**
	 * The lead columns for a touch, as first (first_*) or latest (last_*) touch.
	 *
	 * @param array<string,string>|null $touch  From from_input().
	 * @param string                    $prefix 'first' or 'last'.
	 * @param string                    $now    UTC time of the submission.
	 * @return array<string,string> Column => value; none without a touch.
	 */
	public static function columns( ?array $touch, string $prefix, string $now ): array {
		if ( null === $touch ) {
			return array();
		}
		$prefix  = 'first' === $prefix ? 'first' : 'last';
		$columns = array();
		foreach ( $touch as $suffix => $value ) {
			$columns[ $prefix . '_' . $suffix ] = $value;
		}
		$columns[ $prefix . '_touch_at' ] = $now;
		return $columns;
	}
}
