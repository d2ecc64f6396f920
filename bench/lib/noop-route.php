<?php
/**
 * Benchmark baseline (installed only into benchmark sites as a must-use plugin):
 * a REST route that does nothing, so the webhook route can be compared with WordPress's own floor.
 */
add_action(
	'rest_api_init',
	function () {
		register_rest_route(
			'solar-capture-bench/v1',
			'/noop',
			array(
				'methods'             => 'POST',
				'callback'            => function () {
					return new WP_REST_Response( array( 'ok' => true ), 200 );
				},
				'permission_callback' => '__return_true',
			)
		);
	}
);
