// Stylesheets imported for their side effect (extracted by wp-scripts' MiniCssExtractPlugin).
declare module '*.css';
