#!/usr/bin/perl
# URI, URI::Escape and HTTP::Cookies facades vs the real modules, one run:
# the same work in two child perls (real @INC, then perl/compat first; the
# real HTTP::Request/Response in both), CPU seconds and ratios printed.
# No daemon involved: these facades are pure Perl.
# Usage: perl bench/uri-cookies.pl
use strict;
use warnings;
use FindBin;

my $root = "$FindBin::Bin/..";
my $PRELUDE = q{
    BEGIN { require URI; my @k = @INC; @INC = grep { !m{/perl/(?:compat|lib)/?\z} } @INC;
            require HTTP::Request; require HTTP::Response; @INC = @k }
    use URI; use URI::Escape; use HTTP::Cookies;
};
my @work = (
    ['URI new+canonical+host+query_form+abs x20000' => q{
        for my $i (1 .. 20000) { my $u = URI->new("http://User\@Example.com:80/a/b/../c?x=$i&y=2#f");
          $u->canonical; $u->host; my @f = $u->query_form; URI->new('../d?e')->abs($u) } }],
    ['uri_escape+uri_unescape of 256 bytes x20000' => q{
        my $s = join '', map { chr } 0 .. 255; uri_unescape(uri_escape($s)) for 1 .. 20000 }],
    ['query_form set of 20 pairs x5000' => q{
        my $u = URI->new('http://h/'); $u->query_form(map { ("k$_" => "v $_&") } 1 .. 20) for 1 .. 5000 }],
    ['extract_cookies+add_cookie_header, jar of up to 4000 cookies, x2000' => q{
        my $jar = HTTP::Cookies->new;
        for my $i (1 .. 2000) {
            my $req = HTTP::Request->new(GET => "http://www.example.com/p$i/x");
            my $res = HTTP::Response->new(200); $res->request($req);
            $res->header('Set-Cookie' => ["c$i=v; Path=/", "d=$i; Path=/p$i; Max-Age=60"]);
            $jar->extract_cookies($res);
            $jar->add_cookie_header(HTTP::Request->new(GET => "http://www.example.com/p$i/y"));
        } }],
    ['as_string+save+load of 2000 cookies x5' => q{
        my $jar = HTTP::Cookies->new;
        $jar->set_cookie(0, "k$_", "v$_", '/', 'h.example', undef, 1, 0, 3600) for 1 .. 2000;
        require File::Spec; my $f = File::Spec->catfile(File::Spec->tmpdir, "cb-bench-cookies-$$.txt");
        for (1 .. 5) { $jar->save($f); HTTP::Cookies->new(file => $f)->as_string }
        unlink $f } ],
);

sub cpu_of {
    my ($code, $facade) = @_;
    local $ENV{PERL5LIB} = $facade ? "$root/perl/compat:$root/perl/lib" : '';
    my $script = $PRELUDE . 'my @t0 = times; ' . $code . '; my @t1 = times; printf "%.3f\n", $t1[0] - $t0[0] + $t1[1] - $t0[1];';
    open my $fh, '-|', $^X, '-e', $script or die "perl: $!";
    my $out = <$fh>;
    close $fh or die "bench child failed\n";
    chomp $out;
    return $out;
}

printf "%-70s %8s %8s %7s\n", 'work', 'real s', 'facade s', 'ratio';
for my $w (@work) {
    my ($name, $code) = @$w;
    my $real = cpu_of($code, 0);
    my $facade = cpu_of($code, 1);
    printf "%-70s %8.3f %8.3f %6.2fx\n", $name, $real, $facade, $facade > 0 ? $real / $facade : 0;
}
print "ratio = real time / facade time (above 1: the facade is faster)\n";
