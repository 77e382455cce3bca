#include "metrics/field_reader.h"

namespace fwlog {

FieldReader::Text FieldReader::Member(Field field) {
  switch (field) {
    case Field::kTime:
    case Field::kAction:
      return nullptr;
    case Field::kHost:
      return &Event::host;
    case Field::kRule:
      return &Event::rule;
    case Field::kIn:
      return &Event::in;
    case Field::kOut:
      return &Event::out;
    case Field::kFamily:
      return &Event::family;
    case Field::kProto:
      return &Event::proto;
    case Field::kSrc:
      return &Event::src;
    case Field::kDst:
      return &Event::dst;
    case Field::kSport:
      return &Event::sport;
    case Field::kPort:
      return &Event::port;
    case Field::kTcpFlags:
      return &Event::tcp_flags;
    case Field::kRange:
      return &Event::range;
    case Field::kService:
      return &Event::service;
    case Field::kCountry:
      return &Event::country;
    case Field::kHour:
      return &Event::hour;
    case Field::kInput:
      return &Event::input;
    case Field::kRouter:
      return &Event::router;
    case Field::kAsn:
      return &Event::asn;
    case Field::kAsOrg:
      return &Event::as_org;
    case Field::kDropListed:
      return &Event::drop_listed;
    case Field::kPurpose:
      return &Event::purpose;
    case Field::kCategory:
      return &Event::category;
  }
  return nullptr;
}

}  // namespace fwlog
