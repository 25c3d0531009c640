package CPANBridge::LWP::Handlers;
# ABSTRACT: the LWP::UserAgent facade's handler lists per phase, matched as HTTP::Config matches them

use strict;
use warnings;

our $VERSION = '1.00';

=head1 NAME

CPANBridge::LWP::Handlers - one phase's handlers of the LWP::UserAgent facade

=head1 SYNOPSIS

  my $conf = CPANBridge::LWP::Handlers->new;
  $conf->add(callback => $cb, m_host => 'example.com', owner => 'me');
  my @h = $conf->matching($request_or_response);   # most specific first
  $conf->remove(owner => 'me');

=head1 DESCRIPTION

What HTTP::Config does for the real LWP::UserAgent (that module is not core
Perl): a list of hashes, each a C<callback> and its match spec
(C<m_method>, C<m_scheme>, C<m_secure>, C<m_host>, C<m_port>,
C<m_host_port>, C<m_domain>, C<m_path>, C<m_path_prefix>, C<m_path_match>,
C<m_uri__$method>, C<m_proxy>, C<m_code>, C<m_media_type>,
C<m_header__$field>, C<m_response_attr__$key>; each may be a list, any of
whose values matches). C<matching> orders the hits by the same weights as
HTTP::Config: host_port, host, domain, path, path prefix, code, media type.

=cut

sub new { return bless [], shift }

sub empty { return !@{ $_[0] } }

sub add {
    my ($self, @spec) = @_;
    push @$self, @spec == 1 ? $spec[0] : {@spec};
    return;
}

sub _split {
    my ($self, %spec) = @_;
    my (@found, @rest);
    ITEM: for my $item (@$self) {
        for my $k (keys %spec) {
            no warnings 'uninitialized';
            if (!exists $item->{$k} || $spec{$k} ne $item->{$k}) { push @rest, $item; next ITEM }
        }
        push @found, $item;
    }
    return (\@found, \@rest);
}

sub find {
    my ($self, %spec) = @_;
    my ($found) = $self->_split(%spec);
    return wantarray ? @$found : $found->[0];
}

sub remove {
    my ($self, %spec) = @_;
    my ($found, $rest) = $self->_split(%spec);
    @$self = @$rest if @$found;
    return @$found;
}

# match key => sub (value, [extra key,] uri, request, response) -> (count, weight slot)
my %MATCH = (
    m_scheme => sub { return lc $_[1]->scheme eq lc $_[0] },
    m_secure => sub { my $s = ($_[1]->scheme || '') eq 'https' ? 1 : 0; return $s == ($_[0] ? 1 : 0) },
    m_host_port => sub { return unless $_[1]->can('host_port'); return ($_[1]->host_port eq $_[0], 7) },
    m_host => sub { return unless $_[1]->can('host'); return ($_[1]->host eq $_[0], 6) },
    m_port => sub { return unless $_[1]->can('port'); return $_[1]->port eq $_[0] },
    m_domain => sub {
        my ($v, $uri) = @_;
        return unless $uri->can('host');
        my $h = $uri->host;
        $h .= '.local' unless $h =~ /\./;
        $v = ".$v" unless $v =~ /^\./;
        return (length $v, 5) if substr($h, -length $v) eq $v;
        return 0;
    },
    m_path => sub { return unless $_[1]->can('path'); return ($_[1]->path eq $_[0], 4) },
    m_path_prefix => sub {
        my ($v, $uri) = @_;
        return unless $uri->can('path');
        my $path = $uri->path;
        my $len = length $v;
        return ($len, 3) if $path eq $v;
        return 0 if length $path <= $len;
        $v .= '/' unless $v =~ m{/\z};
        return ($len, 3) if substr($path, 0, length $v) eq $v;
        return 0;
    },
    m_path_match => sub { return unless $_[1]->can('path'); return $_[1]->path =~ $_[0] },
    m_uri__ => sub {
        my ($v, $k, $uri) = @_;
        return unless $uri->can($k);
        return 1 unless defined $v;
        return $uri->$k eq $v;
    },
    m_method => sub { return $_[2] && $_[2]->method eq $_[0] },
    m_proxy => sub { return $_[2] && ($_[2]->{proxy} || '') eq $_[0] },
    m_code => sub {
        my ($v, undef, undef, $res) = @_;
        $v =~ s/xx\z//;
        return unless $res;
        return (length $v, 2) if substr($res->code, 0, length $v) eq $v;
        return 0;
    },
    m_media_type => sub {
        my ($v, undef, undef, $res) = @_;
        return unless $res;
        return (1, 1) if $v eq '*/*';
        my $ct = $res->content_type;
        return (2, 1) if $v =~ s{/\*\z}{} && $ct =~ m{^\Q$v\E/};
        return (3, 1) if $v eq 'html' && $res->content_is_html;
        return (4, 1) if $v eq 'xhtml' && $res->content_is_xhtml;
        return (10, 1) if $v eq $ct;
        return 0;
    },
    m_header__ => sub {
        my ($v, $k, undef, $req, $res) = @_;
        return unless $req;
        my $h = $req->header($k);
        return 1 if defined $h && $h eq $v;
        if ($res) { $h = $res->header($k); return 1 if defined $h && $h eq $v }
        return 0;
    },
    m_response_attr__ => sub {
        my ($v, $k, undef, undef, $res) = @_;
        return unless $res;
        return 1 if !defined $v && exists $res->{$k};
        return 0 unless exists $res->{$k};
        return $res->{$k} eq $v ? 1 : 0;
    },
);

sub is_match_key {
    my ($key) = @_;
    (my $m = $key) =~ s/__.*/__/;
    return exists $MATCH{$m};
}

sub matching {
    my ($self, $o) = @_;
    my ($req, $res) = $o->can('request') && $o->can('code') ? ($o->request, $o) : ($o, undef);
    my $uri = $req ? ($req->can('uri_canonical') ? $req->uri_canonical : $req->uri) : undef;
    return unless $uri;
    my @m;
    ITEM: for my $item (@$self) {
        my @order;
        for my $ikey (keys %$item) {
            next unless $ikey =~ /^m_/;
            my $mkey = $ikey;
            my $k;
            $k = $1 if $mkey =~ s/__(.*)/__/;
            my $m = $MATCH{$mkey} or next;
            my ($c, $slot);
            for my $v (ref $item->{$ikey} eq 'ARRAY' ? @{ $item->{$ikey} } : $item->{$ikey}) {
                ($c, $slot) = $m->($v, defined $k ? $k : (), $uri, $req, $res);
                last if $c;
            }
            next ITEM unless $c;
            $order[$slot || 0] += $c;
        }
        $order[7] ||= 0;
        push @m, [join('.', reverse map { sprintf '%03d', $_ || 0 } @order), $item];
    }
    return map { $_->[1] } sort { $b->[0] cmp $a->[0] } @m;
}

1;
